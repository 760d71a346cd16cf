import aiohttp


async def fetch(url):
    session = aiohttp.ClientSession()
    await session.__aenter__()
    try:
        async with session.get(url) as response:
            return await response.text()
    finally:
        await session.__aexit__(None, None, None)


async def status(url):
    session = aiohttp.ClientSession()
    try:
        async with session.get(url) as response:
            return response.status
    finally:
        await session.__aexit__(None, None, None)
