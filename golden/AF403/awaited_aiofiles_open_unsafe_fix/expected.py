import aiofiles


async def append(path, line):
    async with aiofiles.open(path, "a") as f:
        await f.write(line + "\n")
