import asyncio
from pathlib import Path

DATA = Path("data")
CACHE = DATA / "cache"


async def load(name):
    if not DATA.exists():
        return None
    return (CACHE / name).read_text()


def make_loader(root):
    base = Path(root)

    async def load_one(name):
        return (base / name).read_bytes()

    return load_one


async def swap():
    old, new = Path("a.txt"), Path("b.txt")
    old.replace(new)
