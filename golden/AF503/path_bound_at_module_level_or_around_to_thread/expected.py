import asyncio
from pathlib import Path

DATA = Path("data")
CACHE = DATA / "cache"


async def load(name):
    if not await asyncio.to_thread(DATA.exists):
        return None
    return await asyncio.to_thread((CACHE / name).read_text)


def make_loader(root):
    base = Path(root)

    async def load_one(name):
        return await asyncio.to_thread((base / name).read_bytes)

    return load_one


async def swap():
    old, new = Path("a.txt"), Path("b.txt")
    await asyncio.to_thread(old.replace, new)
