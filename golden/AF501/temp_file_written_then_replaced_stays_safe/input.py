import os


async def save(path, s):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(s)
    os.replace(tmp, path)

