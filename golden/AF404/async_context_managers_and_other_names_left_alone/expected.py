import asyncio
import threading

import aiofiles


class Both:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        return False


class Store:
    def __init__(self):
        self.lock = threading.Lock()


async def save(path, store, open):
    # `open` is a parameter here, not the builtin
    async with open(path) as f:
        print(f)
    async with aiofiles.open(path) as g, asyncio.Lock(), Both() as b:
        print(g, b)
    lock = asyncio.Lock()
    async with lock:
        pass
    # an attribute is not followed
    async with store.lock:
        pass
    with threading.Lock():
        pass
