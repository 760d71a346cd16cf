import genericpath
import glob
import ntpath
import os
import posixpath
from glob import glob as find
from posixpath import getsize


async def scan(p, fd, other):
    names = glob.glob("*.txt")
    more = find("*.md", recursive=True)
    if os.path.ismount(p):
        return names
    same = os.path.sameopenfile(fd, other)
    if genericpath.exists(p) and posixpath.isfile(p) and ntpath.isdir(p):
        return getsize(p)
    return names + more, same
