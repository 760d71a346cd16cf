import aiofiles


async def copy(path, sink):
    f = aiofiles.open(path)
    data = await f.read()
    await sink(source=f, data=data)
