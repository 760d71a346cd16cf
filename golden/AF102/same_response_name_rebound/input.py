import requests


async def statuses(a, b):
    r = requests.get(a)
    print(r.ok)
    r = requests.get(b)
    print(r.ok)
