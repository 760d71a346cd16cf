import requests


async def fetch(url):
    s = requests.Session()
    s.close()
    return s.get(url).text
