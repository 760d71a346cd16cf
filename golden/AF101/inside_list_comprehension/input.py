import time


async def main(delays):
    return [time.sleep(d) for d in delays]
