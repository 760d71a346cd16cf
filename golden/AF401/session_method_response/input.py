import aiohttp


async def fetch(url):
    async with aiohttp.ClientSession() as session:
        with session.get(url) as resp:
            return await resp.text()
