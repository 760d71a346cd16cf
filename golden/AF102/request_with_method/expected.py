import httpx


async def call(method, url):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        r = await client.request(method, url, json={"a": 1})
    return r.content
