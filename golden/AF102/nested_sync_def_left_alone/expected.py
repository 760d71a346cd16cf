import asyncio

import requests


async def main(url):
    def load():
        return requests.get(url).text

    return await asyncio.to_thread(load)
