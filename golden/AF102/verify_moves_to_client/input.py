import requests


async def fetch(url):
    r = requests.get(url, verify=False)
    return r.content
