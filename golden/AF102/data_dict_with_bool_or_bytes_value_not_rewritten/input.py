import requests


async def submit(url):
    r = requests.post(url, data={"name": "x", "subscribe": True})
    s = requests.post(url, data={"name": b"x"})
    return r.status_code, s.status_code
