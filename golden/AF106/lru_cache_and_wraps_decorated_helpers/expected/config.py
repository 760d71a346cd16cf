import functools

from retrying import retry
import asyncio


@functools.lru_cache(maxsize=None)
def read_settings(path):
    with open(path) as f:
        return f.read()


@retry
def ping(host):
    return host


async def start(path, host):
    settings = await asyncio.to_thread(read_settings, path)
    await asyncio.to_thread(ping, host)
    return settings
