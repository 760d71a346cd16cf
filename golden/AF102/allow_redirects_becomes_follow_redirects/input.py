import requests


async def where(url):
    r = requests.get(url, allow_redirects=False)
    return r.headers.get("location")
