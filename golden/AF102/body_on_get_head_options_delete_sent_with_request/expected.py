import httpx


async def search(url):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        r = await client.request("GET", url, data={"q": "1"})
    return r.content


async def remove(url):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        r = await client.request("DELETE", url, json={"id": 1})
    return r.status_code


async def probe(url):
    async with httpx.AsyncClient(timeout=None) as client:
        r = await client.request("HEAD", url, content="ping")
    return r.status_code


async def both(url):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as session:
        a = await session.request("OPTIONS", url, json=[1])
        b = await session.get(url)
    return a.content, b.content
