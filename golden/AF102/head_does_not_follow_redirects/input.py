import requests


async def probe(url):
    r = requests.head(url)
    return r.headers
