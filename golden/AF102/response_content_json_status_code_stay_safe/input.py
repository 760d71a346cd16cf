import requests


async def body(url):
    r = requests.get(url)
    return r.status_code, r.headers["content-type"], len(r.content)


async def decoded(url):
    r = requests.get(url)
    return r.content.decode("utf-8")


async def data(url):
    r = requests.get(url)
    return r.json()["items"]


async def post(url, text):
    r = requests.post(url, data=text.encode())
    return r.json(), r.content
