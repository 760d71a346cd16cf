import httpx


async def fetch(url):
    with httpx.Client() as c:
        with c.stream("GET", url) as r:
            return r.read()
