import asyncio

import requests


async def main(url):
    loop = asyncio.get_running_loop()
    r = await loop.run_in_executor(None, requests.get, url)
    return r.text
