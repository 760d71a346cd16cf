import time


async def main(time):
    time.sleep(1)
