import requests


async def call(method, url):
    r = requests.request(method, url, json={"a": 1})
    return r.content
