import requests


async def fetch(url):
    a = requests.get(url)
    b = requests.get(url, proxies={"http": "http://127.0.0.1:3128"})
    return a.content + b.content
