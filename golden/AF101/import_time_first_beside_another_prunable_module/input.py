import time, os


async def f():
    time.sleep(1)
    return os.getcwd()
