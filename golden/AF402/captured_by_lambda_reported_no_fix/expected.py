import aiofiles


async def reader(path):
    f = aiofiles.open(path)
    await f.seek(0)
    read = lambda: f.read()
    return read
