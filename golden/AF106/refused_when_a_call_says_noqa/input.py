import time


def settle():
    time.sleep(1)


async def main():
    settle()


async def other():
    settle()  # noqa: AF106
