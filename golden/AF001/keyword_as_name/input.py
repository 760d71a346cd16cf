import time


async def f():
    time.sleep(1)


class = 1
