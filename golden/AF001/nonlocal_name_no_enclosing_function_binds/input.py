import time


def make_ticker(clock_factory):
    clock = clock_factory()

    async def tick():
        nonlocal time
        time.sleep(1)
        return clock()

    return tick
