import requests


async def fetch(url, token):
    r = requests.get(url, headers={"X-Retries": 3})
    s = requests.get(url, headers={"Authorization": f"Bearer {token}"})
    t = requests.get(url, headers={"X-Name": "café"})
    u = requests.get(url, headers={"X-Name": "trailing "})
    return r.status_code, s.status_code, t.status_code, u.status_code
