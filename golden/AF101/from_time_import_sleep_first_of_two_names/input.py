from time import sleep, monotonic


async def wait_a_second():
    start = monotonic()
    sleep(1)
    return monotonic() - start
