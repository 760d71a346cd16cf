import asyncio

import aiofiles.os


async def unpack(path, archive, extract):
    await aiofiles.os.makedirs(path)
    n = await extract(archive, path)
    return n
