import aiofiles


async def patch(path):
    with open(path, "r+b") as f:
        f.seek(4)
        head = f.read(4)
        pos = f.tell()
        f.truncate(pos)
    return head, pos
