import anyio


async def load(path):
    with open(path, encoding="utf-8", errors="strict") as f:
        return f.read()
