import os
import shutil
from pathlib import Path
import aiofiles
import asyncio


async def publish(src, out):
    size = await asyncio.to_thread(os.path.getsize, src)
    await asyncio.to_thread(os.makedirs, out, exist_ok=True)
    await asyncio.to_thread(shutil.copy, src, os.path.join(out, "copy"))
    return size


async def stamp(marker, log):
    if await asyncio.to_thread(Path(marker).exists):
        async with aiofiles.open(log, "a") as f:
            await f.write("seen\n")
