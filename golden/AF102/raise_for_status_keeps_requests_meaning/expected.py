import httpx


async def status(url):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        r = await client.get(url, follow_redirects=False)
    if r.is_error: r.raise_for_status()  # 4xx/5xx only: a 302 or a 304 is returned
    return r.status_code


async def both(url, other):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as s:
        first = await s.head(url, follow_redirects=False)
        if first.is_error: first.raise_for_status()
        second = await s.get(other)
        if second.is_error: second.raise_for_status()
    return first.status_code, second.content
