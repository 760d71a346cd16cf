import requests


async def fetch(url):
    r = requests.get(url, params=[("a", "1"), ("a", "2")])
    return r.text
