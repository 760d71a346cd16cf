import aiofiles


async def append(path, line):
    f = await aiofiles.open(path, "a")
    await f.write(line + "\n")
