import aiofiles
import asyncio

lock = asyncio.Lock()


async def read(path):
    async with lock:
        async with aiofiles.open(path) as f:
            return await f.read()
