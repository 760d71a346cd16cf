import requests


async def fetch(url):
    n = 1; r = requests.get(url)
    return r.text, n
