import asyncio


async def fetch_until_empty(urls):
    results = []
    for url in urls:
        page = await fetch(url)
        if not page:
            break
        results.append(page)
    return results
