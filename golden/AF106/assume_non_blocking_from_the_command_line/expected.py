import os
import asyncio


def cache_get(key):
    return os.path.exists("/tmp/" + key)


def cache_put(key):
    return os.path.exists("/tmp/" + key)


async def handle(key):
    cache_get(key)
    await asyncio.to_thread(cache_put, key)
