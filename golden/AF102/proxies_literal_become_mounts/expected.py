import httpx


async def fetch(url):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None, mounts={"https://": httpx.AsyncHTTPTransport(proxy=httpx.Proxy("http://127.0.0.1:3128")), "all://": httpx.AsyncHTTPTransport(proxy=httpx.Proxy("http://127.0.0.1:3129"))}) as client:
        r = await client.get(url)
    return r.content


async def per_host(url):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None, mounts={'http://example.com': httpx.AsyncHTTPTransport(proxy=httpx.Proxy('http://user:pw@proxy:8080'))}) as client:
        r = await client.post(url, json={"a": 1})
    return r.status_code
