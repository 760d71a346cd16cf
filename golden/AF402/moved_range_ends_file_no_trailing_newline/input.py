import aiofiles


async def read(path):
    f = aiofiles.open(path)
    return await f.read()