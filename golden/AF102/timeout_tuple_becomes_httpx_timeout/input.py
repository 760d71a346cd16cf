import requests


async def fetch(url):
    r = requests.get(url, timeout=(3, 10))
    return r.content
