import asyncio

lock = asyncio.Lock()
sem = asyncio.Semaphore(3)


async def critical(counter):
    async with lock:
        counter["n"] += 1
    async with sem:
        await asyncio.sleep(0)
