import asyncio
import json
import pathlib


async def save(path, blob, obj):
    await asyncio.to_thread(pathlib.Path(path).write_bytes, blob)
    await asyncio.to_thread(pathlib.Path(path + ".json").write_text, json.dumps(obj, indent=2), encoding="utf-8")
    return await asyncio.to_thread(pathlib.Path(path).read_bytes)
