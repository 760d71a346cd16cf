import requests


async def search(url):
    r = requests.get(url, params={"q": "x", "exact": True})
    s = requests.get(url, params={"q": b"x"})
    t = requests.get(url, params={"q": ["x", None]})
    u = requests.get(url, params={"q": [["x", "y"]]})
    return r.text, s.text, t.text, u.text
