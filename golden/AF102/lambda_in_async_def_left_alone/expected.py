import asyncio

import requests


async def main(url):
    return await asyncio.to_thread(lambda: requests.get(url).text)
