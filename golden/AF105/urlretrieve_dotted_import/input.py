import urllib.request


async def download(url, path):
    urllib.request.urlretrieve(url, path)
