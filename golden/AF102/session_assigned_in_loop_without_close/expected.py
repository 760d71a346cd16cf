import httpx


async def fetch_all(urls):
    out = []
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as session:
        for url in urls:
            out.append((await session.get(url)).json())
    print(len(out))
    return out
