import requests


async def download(url, save):
    r = requests.get(url, stream=True)
    save(response=r)
