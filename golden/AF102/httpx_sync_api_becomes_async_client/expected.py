import asyncio

import httpx


async def fetch(url):
    async with httpx.AsyncClient() as client:
        return (await client.get(url)).text
