import requests


async def fetch(url):
    r = requests.get(url, verify=False, proxies={"https": "http://127.0.0.1:3128"})
    return r.text
