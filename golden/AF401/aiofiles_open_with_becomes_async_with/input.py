import aiofiles


async def read(path):
    with aiofiles.open(path) as f:
        return await f.read()
