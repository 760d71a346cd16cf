import httpx


async def where(url):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        r = await client.get(url, follow_redirects=False)
    return r.headers.get("location")
