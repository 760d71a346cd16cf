import requests


async def fetch(url, token):
    r = requests.get(url, headers={"Authorization": f"Bearer {token}", "Accept": "application/json"})
    return r.status_code
