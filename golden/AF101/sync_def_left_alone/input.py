import time


def wait():
    time.sleep(1)


async def main():
    pass
