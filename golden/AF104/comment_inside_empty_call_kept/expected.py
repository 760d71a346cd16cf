import asyncio


async def pause():
    await asyncio.to_thread(input  # wait for Enter
    )
