import aiohttp


async def warm_up():
    session = aiohttp.ClientSession()
    print("ready")
