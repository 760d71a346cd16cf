import requests


async def search(url, user, password):
    r = requests.get(url, params={"q": "cats", "page": 2}, auth=(user, password))
    return r.json()
