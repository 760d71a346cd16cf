import aiofiles as aiof


async def load(path):
    with open(path) as f:
        return f.readlines()
