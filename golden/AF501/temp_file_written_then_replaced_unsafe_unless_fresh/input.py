import os
import uuid


async def save(path, s):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(s)
    os.replace(tmp, path)


async def save_fresh(path, s):
    tmp = f"{path}.{uuid.uuid4().hex}.tmp"
    with open(tmp, "w") as f:
        f.write(s)
    os.replace(tmp, path)
