import os


def size(path):
    return os.path.getsize(path)


async def total(paths):
    return sum([size(p) for p in paths])
