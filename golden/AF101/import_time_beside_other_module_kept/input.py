import os, time


async def f():
    time.sleep(1)
    return os.getcwd()
