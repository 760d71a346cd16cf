import aiofiles


async def describe(path):
    async with aiofiles.open(path, "rb") as f:
        print(f.name, f.mode, f.closed)
        return len(await f.read())
