import asyncio
import shutil
from os.path import isdir


async def backup(src, dst):
    if isdir(src):
        shutil.copytree(src, dst)
    else:
        shutil.copy2(src, dst)
