import asyncio

CACHE = {}
cache_lock = asyncio.Lock()


async def fill(k):
    async with cache_lock:
        if k not in CACHE:
            await asyncio.sleep(0.001)
            CACHE[k] = len(CACHE)


async def main():
    await asyncio.gather(*(fill("k") for _ in range(5)))
    print(CACHE)


asyncio.run(main())
