import httpx


async def statuses(a, b):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        r = await client.get(a)
    print(not r.is_error)
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as http_client:
        r = await http_client.get(b)
    print(not r.is_error)
