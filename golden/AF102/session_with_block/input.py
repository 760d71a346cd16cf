import requests


async def crawl(urls):
    pages = []
    with requests.Session() as session:
        session.headers.update({"User-Agent": "crawler"})
        for url in urls:
            r = session.get(url, timeout=5)
            if r.ok:
                pages.append(r.content)
    return pages
