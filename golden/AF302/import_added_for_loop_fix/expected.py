import asyncio
async def fetch_all(urls):
    results = await asyncio.gather(*(fetch(url) for url in urls))
    return results
