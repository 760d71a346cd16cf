import requests


async def status(a):
    r = requests.get(a)
    print(r.ok)
    r = None
    return r
