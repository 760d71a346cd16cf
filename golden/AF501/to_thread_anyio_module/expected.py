import anyio
import functools
import pathlib


async def load(path):
    return await anyio.to_thread.run_sync(functools.partial(pathlib.Path(path).read_text, encoding="utf-8", errors="strict"))
