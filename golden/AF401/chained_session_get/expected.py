import aiohttp


async def status(url):
    async with aiohttp.ClientSession().get(url) as resp:
        return resp.status
