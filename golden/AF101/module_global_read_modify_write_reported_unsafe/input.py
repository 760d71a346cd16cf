import time

counter = 0


async def bump():
    global counter
    n = counter
    time.sleep(0.1)
    counter = n + 1


async def total():
    time.sleep(0.1)
    return counter
