import requests


async def submit(url, note=None):
    r = requests.post(url, data={"name": "x", "note": note})
    s = requests.post(url, data={"name": "x", "tags": [note]})
    t = requests.post(url, data={"name": "x", "user": current_user()})
    return r.status_code, s.status_code, t.status_code


def current_user():
    return None
