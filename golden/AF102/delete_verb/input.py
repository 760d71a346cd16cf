import requests


async def call(url):
    r = requests.delete(url)
    return r.status_code
