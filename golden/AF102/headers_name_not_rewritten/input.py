import requests


async def fetch(url, token=None):
    headers = {"Authorization": token, "Accept": "application/json"}
    r = requests.get(url, headers=headers)
    return r.status_code
