import httpx as hx


async def fetch(base, token):
    async with hx.AsyncClient() as client:
        r = await client.get(base + "/items", params={"page": 1}, headers={"Authorization": token})
    async with hx.AsyncClient(timeout=3.0, verify=False) as client:
        created = await client.post(base + "/items", json={"name": "x"})
    async with hx.AsyncClient() as client:
        if (await client.head(base)).status_code == 200:
            print("up")
    async with hx.AsyncClient(cookies={"s": "1"}) as client:
        resp = await client.request("DELETE", base + "/items/1", follow_redirects=True)
    return r.json(), created.status_code, resp.is_success
