import asyncio
import json
import pathlib


async def save(path, blob, obj):
    with open(path, "wb") as f:
        f.write(blob)
    with open(path + ".json", "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=2)
    with open(path, "rb") as f:
        return f.read()
