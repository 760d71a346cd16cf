import requests


async def create(url, item):
    r = requests.post(url, json=item, headers={"X-Token": "abc"})
    return r.status_code
