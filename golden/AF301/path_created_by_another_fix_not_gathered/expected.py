import os
import asyncio


async def unpack(path, extract):
    await asyncio.to_thread(os.mkdir, path)
    n = await extract(path)
    return n
