import time


async def f():
    start = time.time()
    time.sleep(1)
    return time.time() - start
