import httpx


async def send(url):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        r = await client.post(
            url,
            content="""line one
line two""",
        )
    return r.status_code
