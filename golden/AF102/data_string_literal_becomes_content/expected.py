import httpx


async def send(url):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        r = await client.post(url, content="raw text", headers={"Content-Type": "text/plain"})
    return r.status_code
