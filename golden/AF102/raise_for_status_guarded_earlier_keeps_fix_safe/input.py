import httpx
import requests


async def two(url, other):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        r = await client.get(url)
    if r.is_error: r.raise_for_status()
    r = requests.post(other, json={})
    r.raise_for_status()
    return r.json()
