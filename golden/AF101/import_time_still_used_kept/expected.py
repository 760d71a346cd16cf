import time
import asyncio


async def f():
    start = time.time()
    await asyncio.sleep(1)
    return time.time() - start
