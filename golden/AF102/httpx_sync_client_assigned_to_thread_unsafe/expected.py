import asyncio

import httpx


async def fetch(url):
    c = httpx.Client()
    r = await asyncio.to_thread(c.get, url)
    c.close()
    return r.text
