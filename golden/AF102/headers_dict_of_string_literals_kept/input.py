import requests


async def fetch(url):
    r = requests.get(url, headers={"Accept": "application/json", "Authorization": "Bearer abc", "X-Empty": ""})
    s = requests.get(url, headers={b"X-Raw": b"1"})
    t = requests.get(url, headers=None)
    print(r.status_code, s.status_code, t.status_code)
