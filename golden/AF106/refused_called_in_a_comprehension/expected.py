import os
import asyncio


def size(path):
    return os.path.getsize(path)


async def total(paths):
    return sum([await asyncio.to_thread(size, p) for p in paths])
