import asyncio


async def fetch_all(urls):
    pages = await asyncio.gather(*(fetch(url) for url in urls))
    pages.append(None)
    return pages
