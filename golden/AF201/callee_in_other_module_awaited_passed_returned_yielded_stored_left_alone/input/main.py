import asyncio

from .api import fetch
from . import api


async def awaited():
    await fetch(1)
    await api.fetch(2)


async def passed_on():
    await asyncio.gather(fetch(3), api.fetch(4))
    task = asyncio.create_task(fetch(5))
    await asyncio.wait_for(api.fetch(6), timeout=1)
    await task


async def returned():
    return api.fetch(7)


async def yielded():
    yield fetch(8)


async def stored():
    tasks = []
    tasks.append(asyncio.create_task(fetch(9)))
    tasks.append(api.fetch(10))
    await asyncio.gather(*tasks)
