import requests


async def fetch(url):
    r = requests.get(url)
    return b"".join(r.iter_content(16))
