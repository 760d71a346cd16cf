import requests


async def page(url):
    r = requests.get(url)
    r.encoding = "utf-8"
    return r.text


async def raw(url):
    r = requests.get(url)
    return r.text
