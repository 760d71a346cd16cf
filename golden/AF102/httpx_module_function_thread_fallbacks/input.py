import httpx


async def fetch(url, opts, data):
    a = httpx.get(url, **opts)
    b = httpx.request("POST", url, None, data)
    c = httpx.get(
        url,
        timeout=10,  # slow server
    )
    d = httpx.get(url); e = 1
    with httpx.stream("GET", url) as s:
        body = s.read()
    return a, b, c, d, e, body
