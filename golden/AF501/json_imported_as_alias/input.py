import json as j

import aiofiles


async def roundtrip(src, dst):
    with open(src) as a:
        obj = j.load(a)
    with open(dst, "w") as b:
        j.dump(obj, b)
