import aiohttp


async def fetch(url):
    session = aiohttp.ClientSession()
    resp = await session.get(url)
    text = await resp.text()
    print(len(text))
