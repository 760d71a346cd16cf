import httpx


async def item(name):
    try:
        async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
            r = await client.get("https://api.example.com/items/" + name, timeout=5)
    except (httpx.HTTPError, httpx.InvalidURL) as e:
        return "failed: " + type(e).__name__
    return r.json()


async def page(n):
    try:
        async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
            r = await client.get(f"http://127.0.0.1:8080/pages/{n}")
    except (httpx.TimeoutException, httpx.HTTPError, httpx.InvalidURL):
        return None
    return r.content


async def ping():
    try:
        async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
            r = await client.request("HEAD", url="http://localhost:65535")
    except (httpx.HTTPError, httpx.InvalidURL) as e:
        return str(e)
    return r.status_code
