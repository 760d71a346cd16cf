import httpx


async def fetch(url):
    with httpx.Client(timeout=3, follow_redirects=True) as c:
        r = c.get(url)
        c.post(url, json=r.json())
    return r.text
