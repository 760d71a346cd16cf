import asyncio


async def fetch_all(urls):
    try:
        results = []
        for url in urls:
            results.append(await fetch(url))
    except TimeoutError:
        return []
    return results
