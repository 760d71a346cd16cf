import requests


async def fetch(url):
    r = requests.get(url, headers={"X-Retries": 3})
    t = requests.get(url, headers={"X-Name": "café"})
    u = requests.get(url, headers={"X-Name": "trailing "})
    return r.status_code, t.status_code, u.status_code
