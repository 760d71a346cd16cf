from lib import exists
import asyncio


async def check(path):
    return await asyncio.to_thread(exists, path)
