import requests


async def fetch(url):
    a = requests.get(url, cert=("c.pem", "k.pem"))
    b = requests.get(url)
    return a.content + b.content
