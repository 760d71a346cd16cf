import aiofiles


async def count(path):
    n = 0
    async with aiofiles.open(path, encoding="latin-1", errors="replace") as f:
        async for line in f:
            if line.strip():
                n += 1
        else:
            print("done", f.name)
    return n
