import pathlib
from pathlib import Path, PosixPath
from typing import Optional, Union
import asyncio

ROOT: Path = Path("/srv/data")


async def save(p: Path | None, text):
    await asyncio.to_thread(p.write_text, text)


async def load(p: Optional[Path] = None):
    return await asyncio.to_thread(p.read_text)


async def size(p: "pathlib.Path"):
    return (await asyncio.to_thread(p.stat)).st_size


async def drop(p: Union[PosixPath, None]):
    await asyncio.to_thread(p.unlink)


async def exists(name):
    return await asyncio.to_thread((ROOT / name).exists)


async def local(name):
    out: Path = ROOT / name
    await asyncio.to_thread(out.mkdir)
