import httpx
import asyncio


async def fetch(url, opts, data):
    a = await asyncio.to_thread(httpx.get, url, **opts)
    b = await asyncio.to_thread(httpx.request, "POST", url, None, data)
    c = await asyncio.to_thread(httpx.get,
        url,
        timeout=10,  # slow server
    )
    d = await asyncio.to_thread(httpx.get, url); e = 1
    with httpx.stream("GET", url) as s:
        body = s.read()
    return a, b, c, d, e, body
