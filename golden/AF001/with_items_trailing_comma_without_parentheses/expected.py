import asyncio
import time

lock = asyncio.Lock()
sem = asyncio.Semaphore(6)


async def critical(counter):
    time.sleep(0.1)
    with lock:
        counter["n"] += 1
    with sem,:
        await asyncio.sleep(0)
