import time


async def f():
    time.sleep(1)


def g(xs):
    return [await x for x in xs]
