import asyncio
from pathlib import Path


async def save(name, data):
    target = Path("cache") / name
    await asyncio.to_thread(target.write_bytes, data)
