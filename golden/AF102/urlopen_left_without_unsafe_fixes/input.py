import urllib.request


async def fetch(url):
    with urllib.request.urlopen(url) as resp:
        return resp.read()
