import asyncio
import functools
import time


def slow(n):
    time.sleep(n)
    return n


def make_waiter(n):
    return asyncio.sleep(n)


async def main(loop):
    await asyncio.to_thread(slow, 1)
    await loop.run_in_executor(None, slow, 2)
    await loop.run_in_executor(None, functools.partial(slow, 3))
    await asyncio.get_running_loop().run_in_executor(None, lambda: slow(4))
    await make_waiter(5)
    callbacks = [slow]
    return callbacks
