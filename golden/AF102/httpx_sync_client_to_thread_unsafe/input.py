import asyncio

import httpx


async def fetch(url):
    with httpx.Client() as c:
        r = c.get(url)
    return r.text
