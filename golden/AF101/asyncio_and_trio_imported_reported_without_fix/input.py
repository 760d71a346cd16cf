import asyncio
import time

import trio


async def poll():
    time.sleep(0.5)


def run(on_trio):
    if on_trio:
        trio.run(poll)
    else:
        asyncio.run(poll())
