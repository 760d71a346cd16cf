import httpx


async def search(url):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        r = await client.get(url, params={"tag": ["a", "b"], "page": (1, 2.5), "q": f"{url}"})
    print(r.content)
