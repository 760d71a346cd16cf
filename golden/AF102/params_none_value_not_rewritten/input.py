import requests


async def fetch(url):
    r = requests.get(url, params={"q": "x", "page": None})
    return r.text
