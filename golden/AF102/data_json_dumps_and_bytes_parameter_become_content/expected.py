import json

import httpx


async def send(url, item, blob: bytes):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        a = await client.post(url, content=json.dumps(item))
        b = await client.put(url, content=blob)
    return a.status_code, b.status_code
