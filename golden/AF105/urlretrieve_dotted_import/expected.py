import urllib.request
import asyncio


async def download(url, path):
    await asyncio.to_thread(urllib.request.urlretrieve, url, path)
