import time


async def main(callbacks):
    delay = time.sleep
    callbacks.append(time.sleep)
    return delay
