import httpx


async def fetch(url):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        r = await client.get(url)
    if r.is_error:
        print("failed", r.reason_phrase, str(r.url))
    good = not r.is_error
    same = (not r.is_error) == True
    return str(r.url).startswith("https"), good, same
