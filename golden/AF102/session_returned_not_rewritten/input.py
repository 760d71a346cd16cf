import requests


async def open_session(url):
    s = requests.Session()
    s.get(url)
    return s
