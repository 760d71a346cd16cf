import requests


async def crawl(url):
    with requests.Session() as s:
        try:
            return s.get(url).json()
        except requests.exceptions.ConnectionError:
            return None
