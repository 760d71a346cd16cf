import requests
import trio


async def fetch(url):
    r = requests.get(url)
    await trio.sleep(0)
    return r.content
