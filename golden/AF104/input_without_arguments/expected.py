import asyncio


async def pause():
    await asyncio.to_thread(input)
    await asyncio.sleep(0)
