import asyncio


async def fetch_all(urls):
    results = []
    for url in urls:
        # one at a time: the server rate-limits us
        results.append(await fetch(url))
    return results
