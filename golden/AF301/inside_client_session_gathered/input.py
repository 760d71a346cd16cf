import asyncio

import httpx


async def both(base):
    async with httpx.AsyncClient() as client:
        a = await fetch_json(client, base + "/a")
        b = await fetch_json(client, base + "/b")
    return a, b
