import asyncio

lock = asyncio.Lock()
sem = asyncio.Semaphore(3)


async def critical(counter):
    with lock:
        counter["n"] += 1
    with sem:
        await asyncio.sleep(0)
