import json as j

import aiofiles


async def roundtrip(src, dst):
    async with aiofiles.open(src) as a:
        obj = j.loads(await a.read())
    async with aiofiles.open(dst, "w") as b:
        await b.write(j.dumps(obj))
