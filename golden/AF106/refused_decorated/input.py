import functools
import time


@functools.lru_cache(maxsize=None)
def settings():
    time.sleep(1)
    return {}


async def main():
    settings()
