import httpx


async def body(url):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        r = await client.get(url)
    return r.status_code, r.headers["content-type"], len(r.content)


async def decoded(url):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        r = await client.get(url)
    return r.content.decode("utf-8")


async def data(url):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        r = await client.get(url)
    return r.json()["items"]


async def post(url, text):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        r = await client.post(url, content=text.encode())
    return r.json(), r.content
