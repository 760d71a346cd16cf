import aiofiles


async def words(path):
    with open(path) as f:
        return f.read().split(), f.readline()[0]
