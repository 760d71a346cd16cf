import requests


async def fetch(url):
    r = requests.get(url, timeout=2.5)
    return r.content
