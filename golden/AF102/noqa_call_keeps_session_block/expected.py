import requests


async def fetch(url):
    with requests.Session() as s:
        a = s.get(url).text
        b = s.get(url).text  # noqa: AF102
    return a + b
