import asyncio
import pathlib


async def blob(name):
    return pathlib.Path(name).read_bytes().hex(), (pathlib.Path("d") / name).exists()
