import asyncio


async def ask():
    return await asyncio.to_thread(input, "name? ")
