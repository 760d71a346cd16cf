import aiofiles


async def read(aiofiles, path):
    with aiofiles.open(path) as f:
        return f.read()
