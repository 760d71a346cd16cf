import httpx


async def check(url):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        if not (await client.get(url)).is_error:
            print("up")
        else:
            print("down")
