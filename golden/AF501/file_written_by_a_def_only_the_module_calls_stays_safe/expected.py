import json
import aiofiles

CONFIG = "config.json"


def load():
    with open(CONFIG, "w") as f:
        json.dump({}, f)


load()


async def handler():
    async with aiofiles.open(CONFIG) as f:
        return json.loads(await f.read())
