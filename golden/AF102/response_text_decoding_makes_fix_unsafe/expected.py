import httpx


async def page(url):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        r = await client.get(url)
    return r.text


async def page_chained(url):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        return (await client.get(url)).text


async def charset(url):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        r = await client.post(url, json={"q": 1})
    print(r.status_code, r.encoding)


async def pages(urls):
    out = []
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as s:
        for url in urls:
            r = await s.get(url)
            out.append(r.text)
    return out


async def streamed_encoding(url, out):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        async with client.stream("GET", url) as r:
            print(r.encoding)
            async for chunk in r.aiter_bytes(1024):
                out.write(chunk)
