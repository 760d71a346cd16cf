import trio


async def fetch_all(urls):
    results = []
    for url in urls:
        results.append(await fetch(url))
    return results
