import anyio


async def head(path):
    async with await anyio.open_file(path) as f:
        return await f.readline()
