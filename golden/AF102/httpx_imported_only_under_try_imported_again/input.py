import requests

try:
    import httpx
except ImportError:
    pass


async def fetch(url):
    r = requests.get(url)
    return r.status_code
