import asyncio

import httpx


async def fetch(url):
    return (await asyncio.to_thread(httpx.get, url)).text
