import asyncio
import functools
import pathlib
async def load(path):
    return await asyncio.get_running_loop().run_in_executor(None, pathlib.Path(path).read_bytes)


async def store(path, text):
    await asyncio.get_running_loop().run_in_executor(None, functools.partial(pathlib.Path(path).write_text, text, encoding="utf-8"))
