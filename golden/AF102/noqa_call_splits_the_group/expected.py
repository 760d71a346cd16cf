import requests
import httpx


async def fetch(url):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        a = await client.get(url)
    b = requests.get(url)  # noqa: AF102
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        c = await client.get(url)
    return a, b, c
