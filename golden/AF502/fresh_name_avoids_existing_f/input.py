import aiofiles


async def load(path, f):
    fh = f(path)
    return fh, open(path, "rb").read()
