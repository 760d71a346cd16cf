import time

__all__ = ["f", "time"]


async def f():
    time.sleep(1)
