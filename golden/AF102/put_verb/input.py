import requests


async def call(url):
    r = requests.put(url)
    return r.status_code
