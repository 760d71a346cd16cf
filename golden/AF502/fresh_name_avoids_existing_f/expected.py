import aiofiles


async def load(path, f):
    fh = f(path)
    async with aiofiles.open(path, "rb") as fp:
        return fh, await fp.read()
