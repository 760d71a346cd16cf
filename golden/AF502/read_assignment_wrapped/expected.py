import aiofiles


async def load(path):
    async with aiofiles.open(path) as f:
        data = await f.read()
    return data
