import aiofiles


async def read(path):
    f = aiofiles.open(path)
    data = await f.read()
    print(data)
