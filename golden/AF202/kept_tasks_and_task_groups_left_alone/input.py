import asyncio

background = set()


async def worker(n):
    await asyncio.sleep(0)


async def main(tg: asyncio.TaskGroup):
    task = asyncio.create_task(worker(1))
    background.add(task)
    task.add_done_callback(background.discard)
    background.add(asyncio.ensure_future(worker(2)))
    tg.create_task(worker(3))
    await asyncio.gather(asyncio.create_task(worker(4)))
    return asyncio.create_task(worker(5))
