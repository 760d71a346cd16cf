import json

import httpx


async def send(url, item):
    body = json.dumps(item).encode()
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        r = await client.post(url, content=body)
    return r.status_code
