from typing import Optional

import httpx
import asyncio

CLIENT = httpx.Client(base_url="https://example.org")
shared: Optional[httpx.Client] = None


def init():
    global shared
    shared = httpx.Client()


async def fetch(path):
    return (await asyncio.to_thread(CLIENT.get, path)).text


async def fetch_shared(path):
    return (await asyncio.to_thread(shared.get, path)).text
