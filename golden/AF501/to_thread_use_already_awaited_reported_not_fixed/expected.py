import json
import asyncio
import pathlib


async def save(path, blob):
    with open(path, "wb") as f:
        await f.write(blob)


async def load(path):
    with open(path) as f:
        return await json.load(f)


async def read_other(path):
    text = await asyncio.to_thread(pathlib.Path(path).read_text)
    return text
