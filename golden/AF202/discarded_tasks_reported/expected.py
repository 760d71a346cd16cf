import asyncio
from asyncio import create_task


async def worker(n):
    await asyncio.sleep(0)


async def main():
    asyncio.create_task(worker(1))
    asyncio.ensure_future(worker(2))
    create_task(worker(3))
    loop = asyncio.get_running_loop()
    loop.create_task(worker(4))
    asyncio.get_running_loop().create_task(worker(5))
