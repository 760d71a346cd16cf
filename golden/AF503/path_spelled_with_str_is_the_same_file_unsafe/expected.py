import os
import shutil
from pathlib import Path
import asyncio


async def delete_target(target: Path):
    if not target.exists():
        return
    if target.is_dir():
        shutil.rmtree(str(target))
    elif target.is_file():
        os.remove(os.fspath(target))


async def drop(target: Path, other: Path):
    if await asyncio.to_thread(other.exists):
        await asyncio.to_thread(os.remove, str(target))
