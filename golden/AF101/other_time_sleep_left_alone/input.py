import time


async def main(other):
    other.time.sleep(1)
    settings.time.sleep(1)
