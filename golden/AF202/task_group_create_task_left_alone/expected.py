import asyncio


async def worker(n):
    await asyncio.sleep(0)


async def main():
    async with asyncio.TaskGroup() as tg:
        tg.create_task(worker(1))
        tg.create_task(worker(2), name="second")


async def with_group(group: asyncio.TaskGroup):
    group.create_task(worker(3))
