import httpx


async def fetch(url):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as s:
        s.headers["X-Token"] = "t"
        # the page
        r = await s.get(url)
        print(not r.is_error)
    return r.content
