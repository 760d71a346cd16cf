import json

import requests


async def send(url, item, blob: bytes):
    a = requests.post(url, data=json.dumps(item))
    b = requests.put(url, data=blob)
    return a.status_code, b.status_code
