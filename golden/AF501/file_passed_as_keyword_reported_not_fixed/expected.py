import aiofiles


async def load(path, parse):
    with open(path) as f:
        return parse(stream=f)
