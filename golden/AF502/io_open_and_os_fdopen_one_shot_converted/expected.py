import aiofiles


async def load(path, fd):
    async with aiofiles.open(path, encoding="utf-8") as f:
        text = await f.read()
    async with aiofiles.open(fd, "w") as f:
        await f.write(text)
    return text
