import asyncio

import httpx


async def fetch(url):
    c = httpx.Client(timeout=3.0, headers={"X-Token": "t"}, follow_redirects=True)
    r = c.get(url)
    data = c.post(url, json={"n": 1}).json()
    if c.head(url).is_success:
        print(data)
    c.close()
    return r.text
