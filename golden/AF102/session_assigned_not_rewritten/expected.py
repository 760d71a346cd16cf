import requests


async def fetch(url):
    s = requests.Session()
    r = s.get(url)
    s.close()
    return r.text
