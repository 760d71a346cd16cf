import pathlib
from pathlib import Path, PosixPath
from typing import Optional, Union

ROOT: Path = Path("/srv/data")


async def save(p: Path | None, text):
    p.write_text(text)


async def load(p: Optional[Path] = None):
    return p.read_text()


async def size(p: "pathlib.Path"):
    return p.stat().st_size


async def drop(p: Union[PosixPath, None]):
    p.unlink()


async def exists(name):
    return (ROOT / name).exists()


async def local(name):
    out: Path = ROOT / name
    out.mkdir()
