import json

import aiofiles


async def dump(path, obj):
    async with aiofiles.open(path, "w") as f:
        await f.write(json.dumps(obj, indent=2, sort_keys=True))
