import requests


async def fetch(url):
    r = requests.get(url)
    if not r.ok:
        print("failed", r.reason, r.url)
    good = r.ok
    same = r.ok == True
    return r.url.startswith("https"), good, same
