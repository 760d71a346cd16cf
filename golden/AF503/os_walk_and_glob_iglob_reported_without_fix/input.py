import glob
import os
from os import walk


async def sizes(top):
    total = 0
    for root, dirs, files in os.walk(top):
        total += len(files)
    for root, dirs, files in walk(top, topdown=False):
        total += len(dirs)
    for name in glob.iglob("**/*.py", recursive=True):
        total += 1
    return total


async def already_listed(top):
    import asyncio
    return await asyncio.to_thread(lambda: list(os.walk(top)))


def sync_walk(top):
    return list(os.walk(top))
