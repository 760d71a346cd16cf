import httpx


async def fetch(url):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        a = await client.get(url)
    async with httpx.AsyncClient(follow_redirects=True, timeout=None, mounts={"http://": httpx.AsyncHTTPTransport(proxy=httpx.Proxy("http://127.0.0.1:3128"))}) as client:
        b = await client.get(url)
    return a.content + b.content
