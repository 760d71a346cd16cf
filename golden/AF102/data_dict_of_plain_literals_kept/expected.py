import httpx


async def submit(url):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        r = await client.post(url, data={"name": "x", "count": 2, "ratio": 0.5, "tags": ["a", "b"]})
    print(r.status_code)
