import aiofiles


async def shout(path):
    print(open(path).read().upper())
