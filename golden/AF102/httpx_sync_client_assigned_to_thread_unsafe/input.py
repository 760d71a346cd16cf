import asyncio

import httpx


async def fetch(url):
    c = httpx.Client()
    r = c.get(url)
    c.close()
    return r.text
