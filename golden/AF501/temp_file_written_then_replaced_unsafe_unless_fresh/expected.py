import os
import uuid
import aiofiles


async def save(path, s):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(s)
    os.replace(tmp, path)


async def save_fresh(path, s):
    tmp = f"{path}.{uuid.uuid4().hex}.tmp"
    async with aiofiles.open(tmp, "w") as f:
        await f.write(s)
    os.replace(tmp, path)
