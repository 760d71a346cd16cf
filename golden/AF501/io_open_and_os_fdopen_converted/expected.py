import aiofiles


async def load(path, fd):
    async with aiofiles.open(path, encoding="utf-8") as f:
        text = await f.read()
    async with aiofiles.open(path, "rb") as raw:
        head = await raw.read(16)
    async with aiofiles.open(fd, "r", -1, "utf-8") as g:
        rest = await g.readline()
    return text, head, rest
