import httpx


async def check(a, b):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        if not (await client.get(a)).is_error:
            async with httpx.AsyncClient(follow_redirects=True, timeout=None) as http_client:
                await http_client.post(b, json={"up": True})
