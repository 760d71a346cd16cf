import asyncio

from .runner import run


async def job():
    return 1


async def main(loop):
    run(job())
    loop.run(job())
    await asyncio.sleep(0)
