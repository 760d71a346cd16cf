import httpx


async def wait_ready(url, urls):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        while (await client.get(url)).status_code != 200:
            pass
        return [(await client.get(u)).json() for u in urls]
