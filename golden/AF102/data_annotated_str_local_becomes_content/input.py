from typing import Optional

import requests


async def send(url, body: Optional[bytes] = None):
    payload: str = render()
    a = requests.post(url, data=payload)
    b = requests.put(url, data=body)
    return a.status_code, b.status_code
