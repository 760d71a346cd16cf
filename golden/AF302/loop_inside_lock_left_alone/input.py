import asyncio


async def fetch_all(lock, urls):
    async with lock:
        results = []
        for url in urls:
            results.append(await fetch(url))
    return results
