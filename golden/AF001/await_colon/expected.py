import time


async def f(x):
    time.sleep(1)
    await :x
