import requests
import httpx


async def fetch(url):
    try:
        async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
            return (await client.get(url)).text
    except requests.exceptions.SSLError:
        return "bad certificate"
