import requests


def configure(s):
    s.headers["X"] = "1"


async def fetch(url):
    with requests.Session() as s:
        configure(s)
        return s.get(url).text
