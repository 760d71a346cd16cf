import asyncio


async def poll():
    await asyncio.sleep(0.1)
    return 1
