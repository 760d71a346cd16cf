import requests


async def login(url):
    r = requests.post(url, data={"user": "a", "password": "b"})
    return r.cookies
