import httpx


async def fetch(client, url):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as http_client:
        r = await http_client.get(url)
    client.store(r.content)
