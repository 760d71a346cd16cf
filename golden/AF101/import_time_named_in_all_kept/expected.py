import time
import asyncio

__all__ = ["f", "time"]


async def f():
    await asyncio.sleep(1)
