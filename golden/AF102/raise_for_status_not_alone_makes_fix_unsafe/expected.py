import httpx


async def post(url, body):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        (await client.post(url, json=body)).raise_for_status()


async def maybe(url, strict):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        r = await client.get(url)
    if strict: r.raise_for_status()
    return r.text


async def shares(url):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        r = await client.get(url)
    r.raise_for_status(); print(r.status_code)
