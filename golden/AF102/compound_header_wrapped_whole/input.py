import requests


async def check(url):
    if requests.get(url).ok:
        print("up")
    else:
        print("down")
