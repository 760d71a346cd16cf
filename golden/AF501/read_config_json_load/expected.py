import json
import aiofiles


async def read_config():
    async with aiofiles.open("config.json") as f:
        return json.loads(await f.read())
