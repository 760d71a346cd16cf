import asyncio


async def fetch_all(urls):
    results = []
    print("fetching")
    for url in urls:
        results.append(await fetch(url))
    return results
