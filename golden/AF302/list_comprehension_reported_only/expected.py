import asyncio


async def fetch_all(urls):
    return [await fetch(url) for url in urls]
