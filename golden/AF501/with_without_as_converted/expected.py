import aiofiles
async def touch(path):
    async with aiofiles.open(path, "a"):
        pass
