import asyncio
import shutil
from os.path import isdir


async def backup(src, dst):
    if await asyncio.to_thread(isdir, src):
        await asyncio.to_thread(shutil.copytree, src, dst)
    else:
        await asyncio.to_thread(shutil.copy2, src, dst)
