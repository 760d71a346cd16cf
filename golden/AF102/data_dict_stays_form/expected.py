import httpx


async def login(url):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        r = await client.post(url, data={"user": "a", "password": "b"})
    return r.cookies
