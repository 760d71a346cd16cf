import asyncio
import time


def wait_backoff(attempt):
    time.sleep(2 ** attempt)


async def poll(fetch):
    for attempt in range(3):
        if await fetch():
            return True
        wait_backoff(attempt)
    return False
