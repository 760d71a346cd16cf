import aiohttp


async def status(url):
    async with aiohttp.ClientSession() as session:
        resp = session.get(url)
        body = await resp.text()
        return resp.status, body
