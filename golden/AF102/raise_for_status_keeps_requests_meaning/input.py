import requests


async def status(url):
    r = requests.get(url, allow_redirects=False)
    r.raise_for_status()  # 4xx/5xx only: a 302 or a 304 is returned
    return r.status_code


async def both(url, other):
    with requests.Session() as s:
        first = s.head(url)
        first.raise_for_status()
        second = s.get(other)
        second.raise_for_status()
    return first.status_code, second.content
