import requests


async def fetch(url):
    a = requests.get(url)
    b = requests.get(url)  # noqa: AF102
    c = requests.get(url)
    return a, b, c
