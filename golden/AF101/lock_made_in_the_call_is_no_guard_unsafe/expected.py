import asyncio
import time

CACHE = {}


async def fill(k):
    lock = asyncio.Lock()
    async with lock:
        if k not in CACHE:
            time.sleep(0.001)
            CACHE[k] = len(CACHE)


async def refill(k):
    async with asyncio.Lock():
        if k not in CACHE:
            time.sleep(0.001)
            CACHE[k] = len(CACHE)
