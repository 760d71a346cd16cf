import httpx


async def ping(url):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        if url: await client.get(url)
    return url
