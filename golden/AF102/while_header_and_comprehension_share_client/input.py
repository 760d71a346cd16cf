import requests


async def wait_ready(url, urls):
    while requests.get(url).status_code != 200:
        pass
    return [requests.get(u).json() for u in urls]
