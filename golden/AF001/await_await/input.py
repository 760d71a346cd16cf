import time


async def f(y):
    await await y
    time.sleep(1)
