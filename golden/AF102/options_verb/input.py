import requests


async def call(url):
    r = requests.options(url)
    return r.status_code
