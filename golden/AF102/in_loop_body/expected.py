import httpx


async def fetch_all(urls):
    out = []
    for url in urls:
        async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
            out.append((await client.get(url)).json())
    return out
