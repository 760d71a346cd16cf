from typing import Optional

import httpx

CLIENT = httpx.Client(base_url="https://example.org")
shared: Optional[httpx.Client] = None


def init():
    global shared
    shared = httpx.Client()


async def fetch(path):
    return CLIENT.get(path).text


async def fetch_shared(path):
    return shared.get(path).text
