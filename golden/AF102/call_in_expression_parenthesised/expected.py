import httpx


async def total(url):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        n = len((await client.get(url)).json()["items"]) + 1
    return n
