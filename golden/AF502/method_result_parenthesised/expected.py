import aiofiles


async def shout(path):
    async with aiofiles.open(path) as f:
        print((await f.read()).upper())
