import httpx


async def post_status(embed, url):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        r = await client.get(url)
    embed.add_field(r=r.status_code, value="ok")
    return r.status_code
