import asyncio


async def fetch_all(first, urls):
    results = [first]
    for url in urls:
        results.append(await fetch(url))
    return results
