import httpx


async def fetch(url):
	if url:
		async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
			r = await client.get(url)
		return r.content
