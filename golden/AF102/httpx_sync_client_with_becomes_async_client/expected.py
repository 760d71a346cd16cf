import httpx


async def fetch(url):
    async with httpx.AsyncClient(timeout=3, follow_redirects=True) as c:
        r = await c.get(url)
        await c.post(url, json=r.json())
    return r.text
