import time


async def f():
    with open("x") as fh:
    time.sleep(1)
