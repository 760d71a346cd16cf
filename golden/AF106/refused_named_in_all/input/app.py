from lib import exists


async def check(path):
    return exists(path)
