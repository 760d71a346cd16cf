import requests


async def search(url):
    r = requests.get(url, params={"tag": ["a", "b"], "page": (1, 2.5), "q": f"{url}"})
    print(r.content)
