import requests


async def download(url, out):
    r = requests.get(url, stream=True, timeout=10)
    r.raise_for_status()
    for chunk in r.iter_content(1024):
        out.write(chunk)
    r.close()
    return out
