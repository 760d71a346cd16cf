import asyncio


async def pause():
    input()
    await asyncio.sleep(0)
