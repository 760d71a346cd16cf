import time

import trio


def settle(n):
    time.sleep(n)


async def main():
    settle(1)
    await trio.sleep(0)
