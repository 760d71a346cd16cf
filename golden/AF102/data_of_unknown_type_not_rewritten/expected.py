import requests


async def send(url, payload):
    r = requests.post(url, data=payload)
    return r.status_code
