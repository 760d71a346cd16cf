import httpx


async def create(url, item):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        r = await client.post(url, json=item, headers={"X-Token": "abc"})
    return r.status_code
