import httpx


async def download(url, out):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        async with client.stream("POST", url, json={"id": 1}) as resp:
            if resp.is_error:
                return None
            async for b in resp.aiter_bytes(1):
                out.write(b)
    print("done")
