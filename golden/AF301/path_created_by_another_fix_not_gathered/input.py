import os


async def unpack(path, extract):
    os.mkdir(path)
    n = await extract(path)
    return n
