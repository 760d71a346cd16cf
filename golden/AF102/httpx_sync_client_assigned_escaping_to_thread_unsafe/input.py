import asyncio

import httpx


async def returned(url):
    c = httpx.Client()
    r = c.get(url)
    return c, r


async def other_attribute(url):
    c = httpx.Client()
    c.cookies.set("k", "v")
    r = c.get(url)
    c.close()
    return r


async def used_after_close(url):
    c = httpx.Client()
    r = c.get(url)
    c.close()
    c.get(url)
    return r


async def constructor_on_lines(url):
    c = httpx.Client(
        timeout=3.0,
    )
    r = c.get(url)
    return r
