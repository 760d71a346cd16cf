import httpx


async def fetch(url):
    try:
        async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
            r = await client.get(url, timeout=5)
    except (httpx.HTTPError, httpx.InvalidURL) as e:
        return "handled " + type(e).__name__
    return r.status_code


async def big_port(path):
    try:
        async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
            r = await client.get("http://127.0.0.1:99999/" + path)
    except (httpx.HTTPError, httpx.InvalidURL):
        return None
    return r.text


async def open_authority(host, port):
    try:
        async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
            r = await client.get("http://" + host + ":" + port)
    except (httpx.HTTPError, httpx.InvalidURL):
        return None
    return r.text


async def user_in_authority(path):
    try:
        async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
            r = await client.get("http://user@example.com/" + path)
    except (httpx.HTTPError, httpx.InvalidURL):
        return None
    return r.text
