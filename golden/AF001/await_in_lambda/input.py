import time


async def f(y):
    g = lambda: await y
    time.sleep(1)
    return g
