import anyio


async def head(path):
    with anyio.open_file(path) as f:
        return await f.readline()
