import json

import requests


async def send(url, item):
    body = json.dumps(item).encode()
    r = requests.post(url, data=body)
    return r.status_code
