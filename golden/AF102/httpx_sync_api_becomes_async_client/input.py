import asyncio

import httpx


async def fetch(url):
    return httpx.get(url).text
