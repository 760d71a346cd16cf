import requests


async def fetch_all(urls):
    out = []
    for url in urls:
        out.append(requests.get(url).json())
    return out
