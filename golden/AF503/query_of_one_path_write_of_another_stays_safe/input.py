import os
import shutil
from pathlib import Path


async def publish(src, out):
    size = os.path.getsize(src)
    os.makedirs(out, exist_ok=True)
    shutil.copy(src, os.path.join(out, "copy"))
    return size


async def stamp(marker, log):
    if Path(marker).exists():
        with open(log, "a") as f:
            f.write("seen\n")
