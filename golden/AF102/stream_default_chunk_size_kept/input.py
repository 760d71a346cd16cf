import requests


async def download(url, out):
    resp = requests.post(url, json={"id": 1}, stream=True)
    if not resp.ok:
        return None
    for b in resp.iter_content():
        out.write(b)
    print("done")
