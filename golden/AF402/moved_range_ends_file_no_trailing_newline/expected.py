import aiofiles


async def read(path):
    async with aiofiles.open(path) as f:
        return await f.read()