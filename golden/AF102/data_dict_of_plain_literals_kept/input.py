import requests


async def submit(url):
    r = requests.post(url, data={"name": "x", "count": 2, "ratio": 0.5, "tags": ["a", "b"]})
    print(r.status_code)
