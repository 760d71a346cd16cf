import requests


async def probe(url):
    try:
        r = requests.get(url, timeout=3)
    except requests.ConnectionError:
        return "down"
    return r.status_code
