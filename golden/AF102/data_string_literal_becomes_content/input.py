import requests


async def send(url):
    r = requests.post(url, data="raw text", headers={"Content-Type": "text/plain"})
    return r.status_code
