import time


def make(clock_factory):
    time = clock_factory()

    async def tick():
        nonlocal time
        time.sleep(1)

    return tick
