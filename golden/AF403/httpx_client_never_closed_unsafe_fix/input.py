import httpx


async def fetch(url):
    client = httpx.AsyncClient(timeout=5)
    r = await client.get(url)
    r.raise_for_status()
    return r.json()
