import httpx as hx
from httpx import post


async def fetch(base, token):
    r = hx.get(base + "/items", params={"page": 1}, headers={"Authorization": token})
    created = post(base + "/items", json={"name": "x"}, timeout=3.0, verify=False)
    if hx.head(base).status_code == 200:
        print("up")
    resp = hx.request("DELETE", base + "/items/1", follow_redirects=True, cookies={"s": "1"})
    return r.json(), created.status_code, resp.is_success
