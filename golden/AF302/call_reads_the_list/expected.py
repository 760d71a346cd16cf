import asyncio


async def chain(urls):
    results = []
    for url in urls:
        results.append(await fetch(url, seen=results))
    return results
