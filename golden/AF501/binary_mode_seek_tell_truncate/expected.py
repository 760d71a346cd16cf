import aiofiles


async def patch(path):
    async with aiofiles.open(path, "r+b") as f:
        await f.seek(4)
        head = await f.read(4)
        pos = await f.tell()
        await f.truncate(pos)
    return head, pos
