import asyncio
from pathlib import Path


async def inspect(p: Path, link: Path):
    real = await asyncio.to_thread(p.resolve)
    if await asyncio.to_thread(link.is_symlink) and await asyncio.to_thread(link.readlink) == real:
        await asyncio.to_thread(link.unlink)
    await asyncio.to_thread(link.symlink_to, real)
    await asyncio.to_thread(p.chmod, 0o644)
    info = (await asyncio.to_thread(p.lstat), await asyncio.to_thread(p.owner), await asyncio.to_thread(p.group), await asyncio.to_thread(p.samefile, link))
    names = [c.name for c in p.iterdir()]
    found = list(p.glob("*.txt")) + list(p.rglob("*.py"))
    return real, info, names, found
