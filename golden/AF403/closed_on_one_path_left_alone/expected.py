import aiohttp


async def fetch(url, keep):
    session = aiohttp.ClientSession()
    resp = await session.get(url)
    if not keep:
        await session.close()
    return resp.status
