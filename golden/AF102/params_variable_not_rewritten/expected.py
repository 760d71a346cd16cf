import requests


async def fetch(url, params):
    r = requests.get(url, params=params)
    return r.text
