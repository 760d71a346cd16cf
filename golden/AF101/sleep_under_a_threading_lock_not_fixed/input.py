import asyncio
import threading
import time

lock = threading.Lock()
log = []


class Limiter:
    def __init__(self):
        self._guard = threading.RLock()

    async def wait(self):
        with self._guard:
            time.sleep(0.05)


async def worker(name):
    with lock:
        log.append(name)
        time.sleep(0.05)  # rate limit while holding the lock


async def annotated(name, g: threading.Semaphore):
    with g:
        time.sleep(0.05)


async def by_name(db_mutex):
    with db_mutex:
        time.sleep(0.05)


async def after_the_lock(name):
    with lock:
        log.append(name)
    time.sleep(0.05)


async def main():
    await asyncio.wait_for(asyncio.gather(worker("a"), worker("b")), timeout=2)
    print("ok", log)


asyncio.run(main())
