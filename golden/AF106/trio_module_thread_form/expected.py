import time

import trio
import functools


def settle(n):
    time.sleep(n)


async def main():
    await trio.to_thread.run_sync(functools.partial(settle, 1))
    await trio.sleep(0)
