import httpx as hx


async def load(url):
    async with hx.AsyncClient(follow_redirects=True, timeout=None) as client:
        return (await client.get(url)).content
