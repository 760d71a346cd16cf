from pathlib import PurePath, PurePosixPath

from mylib import Path


async def pure(p: PurePath, q: PurePosixPath):
    return p.with_suffix(".txt"), q.exists()


async def other_path(p: Path):
    return p.read_text()


async def rebound(p: PurePath):
    p = make_async_path(p)
    return await p.read_text()
