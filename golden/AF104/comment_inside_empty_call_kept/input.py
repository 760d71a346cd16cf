import asyncio


async def pause():
    input(  # wait for Enter
    )
