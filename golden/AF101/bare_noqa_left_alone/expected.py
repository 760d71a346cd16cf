import time


async def main():
    time.sleep(1)  # noqa
