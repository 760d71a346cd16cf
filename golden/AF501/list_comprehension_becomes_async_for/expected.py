import aiofiles


async def stripped(path):
    async with aiofiles.open(path) as f:
        return [line.strip() async for line in f]
