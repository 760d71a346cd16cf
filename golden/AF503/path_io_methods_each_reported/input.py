import asyncio
from pathlib import Path


async def inspect(p: Path, link: Path):
    real = p.resolve()
    if link.is_symlink() and link.readlink() == real:
        link.unlink()
    link.symlink_to(real)
    p.chmod(0o644)
    info = (p.lstat(), p.owner(), p.group(), p.samefile(link))
    names = [c.name for c in p.iterdir()]
    found = list(p.glob("*.txt")) + list(p.rglob("*.py"))
    return real, info, names, found
