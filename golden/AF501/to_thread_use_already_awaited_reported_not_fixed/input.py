import json


async def save(path, blob):
    with open(path, "wb") as f:
        await f.write(blob)


async def load(path):
    with open(path) as f:
        return await json.load(f)


async def read_other(path):
    with open(path) as g:
        text = g.read()
    return text
