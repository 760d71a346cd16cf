"""Poller."""
import os
import time  # the clock


async def f():
    time.sleep(1)
    return os.getcwd()
