import time


async def main(delays):
    return list(time.sleep(d) for d in delays)
