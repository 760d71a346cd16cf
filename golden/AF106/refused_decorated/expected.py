import functools
import time
import asyncio


@functools.lru_cache(maxsize=None)
def settings():
    time.sleep(1)
    return {}


async def main():
    await asyncio.to_thread(settings)
