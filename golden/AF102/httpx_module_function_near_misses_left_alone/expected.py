import asyncio

import httpx


def sync_fetch(url):
    return httpx.get(url).text


async def offloaded(url):
    return await asyncio.to_thread(httpx.get, url)


async def native(url):
    async with httpx.AsyncClient() as client:
        return await client.get(url)


async def shadowed(url, make):
    httpx = make()
    return await httpx.get(url)


async def nested(url):
    def helper():
        return httpx.post(url)
    return await asyncio.to_thread(helper)
