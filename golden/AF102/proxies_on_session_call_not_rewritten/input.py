import requests


async def fetch(url):
    with requests.Session() as s:
        r = s.get(url, proxies={"https": "http://127.0.0.1:3128"})
    return r.text
