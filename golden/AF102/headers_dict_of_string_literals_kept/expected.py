import httpx


async def fetch(url):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        r = await client.get(url, headers={"Accept": "application/json", "Authorization": "Bearer abc", "X-Empty": ""})
        s = await client.get(url, headers={b"X-Raw": b"1"})
        t = await client.get(url, headers=None)
    print(r.status_code, s.status_code, t.status_code)
