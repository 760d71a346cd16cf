import httpx


async def two(url, other):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        r = await client.get(url)
    if r.is_error: r.raise_for_status()
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as http_client:
        r = await http_client.post(other, json={})
    if r.is_error: r.raise_for_status()
    return r.json()
