import aiofiles


async def load(path):
    data = open(path).read()
    return data
