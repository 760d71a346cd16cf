import httpx


async def crawl(urls):
    pages = []
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as session:
        session.headers.update({"User-Agent": "crawler"})
        for url in urls:
            r = await session.get(url, timeout=5)
            if not r.is_error:
                pages.append(r.content)
    return pages
