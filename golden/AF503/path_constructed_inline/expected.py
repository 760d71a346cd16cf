import asyncio
import pathlib


async def blob(name):
    return (await asyncio.to_thread(pathlib.Path(name).read_bytes)).hex(), await asyncio.to_thread((pathlib.Path("d") / name).exists)
