import httpx


async def call(url):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        r = await client.patch(url)
    return r.status_code
