from aiofiles import open as async_open


async def open_resource(path, mode="rb"):
    # the caller writes `async with await open_resource(p) as f:`: aiofiles.open's object is awaitable and
    # an async context manager, handed on on purpose
    return async_open(path, mode)


async def read(path):
    async with await open_resource(path) as f:
        return await f.read()
