import asyncio


async def worker(n):
    await asyncio.sleep(0)
    return n


async def main():
    task = asyncio.create_task(worker(1))
    other = asyncio.ensure_future(worker(2))
    await asyncio.create_task(worker(3))
    value = await asyncio.wait_for(asyncio.ensure_future(worker(4)), timeout=1)
    loop = asyncio.get_running_loop()
    future = loop.create_task(worker(5))
    done, _ = await asyncio.wait([task, other, future])
    return value, len(done)
