import aiofiles


async def first_line(path):
    async with aiofiles.open(path) as f:
        line = await f.readline()
        await f.close()
    return line
