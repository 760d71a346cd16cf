import requests


async def submit(url):
    r = requests.post(url, data={"name": "x", "note": None})
    return r.status_code
