import requests


async def fetch(url, token=None):
    r = requests.get(url, headers={"Accept": "application/json", "Authorization": token})
    s = requests.get(url, headers={"X-Request-Id": new_id()})
    return r.status_code, s.status_code


def new_id():
    return None
