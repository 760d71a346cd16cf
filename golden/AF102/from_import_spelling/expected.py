import httpx


async def load(url):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        page = (await client.get(url)).content
    return page
