import time


async def f(xs):
    ys = [await x for x in xs]
    time.sleep(1)
    return ys
