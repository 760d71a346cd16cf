import time


async def main(clocks):
    for time in clocks:
        time.sleep(1)
