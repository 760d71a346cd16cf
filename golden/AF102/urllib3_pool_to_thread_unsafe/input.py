import asyncio

import urllib3


async def fetch(url):
    http = urllib3.PoolManager()
    r = http.request("GET", url)
    return r.data
