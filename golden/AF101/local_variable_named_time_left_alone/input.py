import time


async def main(clock_factory):
    time = clock_factory()
    time.sleep(1)
