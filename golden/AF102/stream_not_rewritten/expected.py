import requests


async def download(url, out):
    r = requests.get(url, stream=True)
    for chunk in r.iter_content(1024):
        out.write(chunk)
