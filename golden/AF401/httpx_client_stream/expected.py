import httpx


async def download(url, out):
    async with httpx.AsyncClient() as client:
        async with client.stream("GET", url) as r:
            async for chunk in r.aiter_bytes():
                out.append(chunk)
