import time


async def f(x):
    time.sleep(1)

    def g():
        return await x
    return g
