import asyncio

import httpx


async def fetch(url):
    with httpx.Client() as c:
        r = await asyncio.to_thread(c.get, url)
    return r.text
