from urllib.request import urlopen


async def fetch(url):
    with urlopen(url) as resp:
        return resp.read()
