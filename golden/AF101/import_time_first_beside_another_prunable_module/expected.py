import os
import asyncio


async def f():
    await asyncio.sleep(1)
    return os.getcwd()
