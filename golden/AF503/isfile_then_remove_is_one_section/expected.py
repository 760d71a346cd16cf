import os
import os.path
import shutil
from pathlib import Path


async def drop(path):
    if os.path.isfile(path):
        os.remove(path)
        return True
    return False


async def rotate(log, backup):
    if os.path.getsize(log) > 1000:
        shutil.move(log, backup)


async def reset(name):
    if Path(name).exists():
        Path(name).unlink()


async def rename_once(src, dst):
    if not os.path.exists(os.path.join(dst, "done")):
        os.rename(src, os.path.join(dst, "done"))
