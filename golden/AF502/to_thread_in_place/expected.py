import asyncio
import pathlib


async def copy(src, dst):
    data = await asyncio.to_thread(pathlib.Path(src).read_bytes)
    await asyncio.to_thread(pathlib.Path(dst).write_bytes, data)
    return len((await asyncio.to_thread(pathlib.Path(src).read_text, encoding="utf-8")).splitlines())
