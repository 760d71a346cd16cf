import os
import aiofiles


async def save(path, s):
    tmp = path + ".tmp"
    async with aiofiles.open(tmp, "w") as f:
        await f.write(s)
    os.replace(tmp, path)

