import asyncio


def make_sync(fn):
    def wrapper(*args):
        return asyncio.run(fn(*args))
    return wrapper


async def fetch(n):
    return n


fetch = make_sync(fetch)
