from urllib.request import urlopen
import asyncio


async def fetch(url):
    with await asyncio.to_thread(urlopen, url) as resp:
        return resp.read()
