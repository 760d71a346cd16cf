import httpx


async def fetch(url):
    # awaiting the sync client's response raises TypeError today; the client's await stays one await
    async with httpx.AsyncClient(timeout=3.0) as c:
        r = await c.get(url)
        data = (await c.post(url, json={"n": 1})).json()
    return r.text, data
