import aiofiles


async def words(path):
    async with aiofiles.open(path) as f:
        return (await f.read()).split(), (await f.readline())[0]
