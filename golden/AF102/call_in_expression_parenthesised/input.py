import requests


async def total(url):
    n = len(requests.get(url).json()["items"]) + 1
    return n
