import requests


async def search(url):
    r = requests.get(url, data={"q": "1"})
    return r.content


async def remove(url):
    r = requests.delete(url, json={"id": 1})
    return r.status_code


async def probe(url):
    r = requests.head(url, data="ping")
    return r.status_code


async def both(url):
    with requests.Session() as session:
        a = session.options(url, json=[1])
        b = session.get(url)
    return a.content, b.content
