import httpx


async def download(url, out):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        async with client.stream("GET", url, timeout=10) as r:
            if r.is_error: r.raise_for_status()
            async for chunk in r.aiter_bytes(1024):
                out.write(chunk)
    return out
