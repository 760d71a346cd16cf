import asyncio


async def fetch_all(urls):
    pages = []
    for url in urls: pages.append(await fetch(url))
    pages.append(None)
    return pages
