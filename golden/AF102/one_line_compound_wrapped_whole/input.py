import requests


async def ping(url):
    if url: requests.get(url)
    return url
