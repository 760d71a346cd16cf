import requests


async def fetch(url):
    s = requests.Session()
    s.headers["X-Token"] = "t"
    # the page
    r = s.get(url)
    print(r.ok)
    s.close()
    return r.content
