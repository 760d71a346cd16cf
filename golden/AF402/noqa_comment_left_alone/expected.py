import aiofiles


async def read(path):
    f = aiofiles.open(path)  # noqa: AF402
    return await f.read()
