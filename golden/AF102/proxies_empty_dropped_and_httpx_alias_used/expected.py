import httpx as hx


async def fetch(url):
    async with hx.AsyncClient(follow_redirects=True, timeout=None) as client:
        r = await client.get(url)
    print(r.status_code)


async def aliased(url):
    async with hx.AsyncClient(follow_redirects=True, timeout=None, mounts={'https://': hx.AsyncHTTPTransport(proxy=hx.Proxy('https://127.0.0.1:3128'))}) as client:
        r = await client.get(url, timeout=2)
    print(r.status_code)
