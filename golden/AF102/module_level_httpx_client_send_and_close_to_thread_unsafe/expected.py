import httpx
import asyncio

CLIENT = httpx.Client()


async def f(url):
    req = CLIENT.build_request("GET", url)
    r = await asyncio.to_thread(CLIENT.send, req)
    h = CLIENT.headers
    await asyncio.to_thread(CLIENT.close)
    with CLIENT.stream("GET", url) as s:
        pass
    return r, h
