import trio
import httpx


async def fetch(url):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        r = await client.get(url)
    await trio.sleep(0)
    return r.content
