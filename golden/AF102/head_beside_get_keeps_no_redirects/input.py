import requests


async def probe(url):
    h = requests.head(url)
    g = requests.get(url)
    return h.status_code, g.status_code
