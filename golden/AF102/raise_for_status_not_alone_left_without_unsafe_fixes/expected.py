import requests


async def post(url, body):
    requests.post(url, json=body).raise_for_status()


async def maybe(url, strict):
    r = requests.get(url)
    if strict: r.raise_for_status()
    return r.text


async def shares(url):
    r = requests.get(url)
    r.raise_for_status(); print(r.status_code)
