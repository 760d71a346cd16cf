import aiofiles


async def read(path):
    f = aiofiles.open(path); data = await f.read()
    return data
