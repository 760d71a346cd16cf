import httpx


async def fetch(url):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        response = await client.get(url)
    return response.json()
