import time


async def main():
    time.sleep(1)  # noqa: AF101
    time.sleep(2)  # noqa
    time.sleep(3)  # noqa: AF201
