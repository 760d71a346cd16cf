import aiofiles


async def read(path):
    async with aiofiles.open(path) as f:
        data = await f.read()
        print(data)
