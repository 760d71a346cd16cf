import aiofiles


async def load(path, prefix):
    async with aiofiles.open(path) as f:
        data = prefix() + await f.read()
    return data
