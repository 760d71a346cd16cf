import httpx


async def probe(url):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        h = await client.head(url, follow_redirects=False)
        g = await client.get(url)
    return h.status_code, g.status_code
