import requests


async def fetch(url):
    r = requests.get(url, headers={"Accept": "text/html", "accept": "application/json"})
    return r.status_code
