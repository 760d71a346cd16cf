import requests


async def fetch(url):
    r = requests.get(url, proxies={"http": None, "https": "http://127.0.0.1:3128"})
    return r.text
