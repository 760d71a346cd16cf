import requests

PROXIES = {"https": "http://127.0.0.1:3128"}


async def fetch(url):
    r = requests.get(url, proxies=PROXIES)
    return r.text


async def splat(url, extra):
    r = requests.get(url, proxies={"http": "http://127.0.0.1:3128", **extra})
    return r.text
