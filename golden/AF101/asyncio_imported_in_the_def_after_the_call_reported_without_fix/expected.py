import time


async def tick():
    time.sleep(1)
    import asyncio
    await asyncio.sleep(0)
