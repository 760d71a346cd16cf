import requests


async def download(url):
    r = requests.get(url, stream=True)
    return r.content
