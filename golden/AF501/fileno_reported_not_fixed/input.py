import os


async def size(path):
    with open(path) as f:
        return os.fstat(f.fileno()).st_size
