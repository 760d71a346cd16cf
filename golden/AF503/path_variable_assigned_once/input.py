import asyncio
from pathlib import Path


async def save(name, data):
    target = Path("cache") / name
    target.write_bytes(data)
