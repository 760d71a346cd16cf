import httpx


async def probe(url):
    async with httpx.AsyncClient(timeout=None) as client:
        r = await client.head(url)
    return r.headers
