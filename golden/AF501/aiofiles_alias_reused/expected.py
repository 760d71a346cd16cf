import aiofiles as aiof


async def load(path):
    async with aiof.open(path) as f:
        return await f.readlines()
