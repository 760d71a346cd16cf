import aiofiles


async def copy(src, dst):
    async with aiofiles.open(src, "rb") as a, aiofiles.open(dst, "wb") as b:
        await b.write(await a.read())
