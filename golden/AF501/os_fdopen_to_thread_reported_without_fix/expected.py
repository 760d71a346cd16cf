import os
import asyncio
import pathlib


async def load(fd, path):
    with os.fdopen(fd) as f:
        data = f.read()
    more = await asyncio.to_thread(pathlib.Path(path).read_text)
    return data, more
