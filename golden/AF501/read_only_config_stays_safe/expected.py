import json
import aiofiles


async def settings(key):
    async with aiofiles.open("config.json") as f:
        config = json.loads(await f.read())
    async with aiofiles.open("config.json") as f:
        raw = await f.read()
    return config[key], len(raw)
