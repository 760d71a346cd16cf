import httpx as hx
import requests as rq


async def load(url):
    async with hx.AsyncClient(follow_redirects=True, timeout=None) as client:
        return (await client.get(url)).content
