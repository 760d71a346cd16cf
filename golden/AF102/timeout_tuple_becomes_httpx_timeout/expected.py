import httpx


async def fetch(url):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        r = await client.get(url, timeout=httpx.Timeout(None, connect=3, read=10))
    return r.content
