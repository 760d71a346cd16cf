import asyncio

import requests


async def main(url):
    r = await asyncio.to_thread(requests.get, url)
    return r.text
