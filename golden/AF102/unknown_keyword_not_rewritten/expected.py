import requests


async def upload(url, fh):
    r = requests.post(url, files={"f": fh})
    return r.status_code
