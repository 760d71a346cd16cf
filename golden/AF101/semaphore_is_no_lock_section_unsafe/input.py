import asyncio
import time

CACHE = {}
cache_lock = asyncio.Semaphore(3)


class Counter:
    def __init__(self):
        self._lock = asyncio.BoundedSemaphore(10)
        self.n = 0

    async def bump(self):
        async with self._lock:
            v = self.n
            time.sleep(0.001)
            self.n = v + 1


async def fill(k):
    async with cache_lock:
        if k not in CACHE:
            time.sleep(0.001)
            CACHE[k] = len(CACHE)
