import requests


async def download(url, out):
    r = requests.get(url, stream=True)
    for chunk in r.iter_content(64):
        out.write(chunk)
    r.close()
    for chunk in r.iter_content(64):
        out.write(chunk)
