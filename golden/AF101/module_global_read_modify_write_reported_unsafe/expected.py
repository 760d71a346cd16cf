import time
import asyncio

counter = 0


async def bump():
    global counter
    n = counter
    time.sleep(0.1)
    counter = n + 1


async def total():
    await asyncio.sleep(0.1)
    return counter
