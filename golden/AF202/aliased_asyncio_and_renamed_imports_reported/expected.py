import asyncio as aio
from asyncio import ensure_future as spawn


async def worker(n):
    await aio.sleep(0)


async def main():
    aio.create_task(worker(1))
    aio.ensure_future(worker(2))
    spawn(worker(3))
    aio.get_running_loop().create_task(worker(4))
    await aio.sleep(1)
