import anyio


async def head(path):
    f = await anyio.open_file(path)
    return await f.readline()
