import asyncio

import urllib3


async def fetch(url):
    http = urllib3.PoolManager()
    r = await asyncio.to_thread(http.request, "GET", url)
    return r.data
