import requests


async def call(url):
    r = requests.patch(url)
    return r.status_code
