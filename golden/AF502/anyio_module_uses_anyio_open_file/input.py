import anyio


async def load(path):
    text = open(path, encoding="utf-8").read()
    return text.splitlines()
