from api import slow_name
import asyncio


async def greet():
    return await asyncio.to_thread(slow_name)
