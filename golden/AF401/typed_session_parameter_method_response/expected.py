from typing import Optional

import aiohttp


async def fetch(session: Optional[aiohttp.ClientSession], url):
    async with session.get(url) as r:
        return await r.text()


async def fetch_string(session: "aiohttp.ClientSession", url):
    async with session.post(url) as r:
        return r.status
