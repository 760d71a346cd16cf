import aiohttp


async def status(url):
    with aiohttp.ClientSession().get(url) as resp:
        return resp.status
