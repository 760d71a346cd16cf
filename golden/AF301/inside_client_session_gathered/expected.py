import asyncio

import httpx


async def both(base):
    async with httpx.AsyncClient() as client:
        a, b = await asyncio.gather(fetch_json(client, base + "/a"), fetch_json(client, base + "/b"))
    return a, b
