import genericpath
import glob
import ntpath
import os
import posixpath
from glob import glob as find
from posixpath import getsize
import asyncio


async def scan(p, fd, other):
    names = await asyncio.to_thread(glob.glob, "*.txt")
    more = await asyncio.to_thread(find, "*.md", recursive=True)
    if await asyncio.to_thread(os.path.ismount, p):
        return names
    same = await asyncio.to_thread(os.path.sameopenfile, fd, other)
    if await asyncio.to_thread(genericpath.exists, p) and await asyncio.to_thread(posixpath.isfile, p) and await asyncio.to_thread(ntpath.isdir, p):
        return await asyncio.to_thread(getsize, p)
    return names + more, same
