import requests


async def check(a, b):
    if requests.get(a).ok:
        requests.post(b, json={"up": True})
