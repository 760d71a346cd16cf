import time


async def tick():
    import asyncio
    time.sleep(1)
    await asyncio.sleep(0)
