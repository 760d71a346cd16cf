import httpx


async def search(url, user, password):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        r = await client.get(url, params={"q": "cats", "page": 2}, auth=(user, password))
    return r.json()
