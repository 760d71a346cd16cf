import requests

httpx = "not the library"


async def fetch(url):
    r = requests.get(url)
    return r.text
