import requests
import httpx


async def page(url):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        r = await client.get(url)
    r.encoding = "utf-8"
    return r.text


async def raw(url):
    r = requests.get(url)
    return r.text
