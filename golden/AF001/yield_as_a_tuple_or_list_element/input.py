import time


async def ticks(n):
    for i in range(n):
        time.sleep(0.1)
        received = (yield,)
        print(received)
