import anyio


async def load(path):
    async with await anyio.open_file(path, encoding="utf-8") as f:
        text = await f.read()
    return text.splitlines()
