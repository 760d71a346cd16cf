import json
import asyncio
import pathlib


async def read_config(path):
    data = json.loads(await asyncio.to_thread(pathlib.Path(path).read_text, encoding="utf-8"))
    return data
