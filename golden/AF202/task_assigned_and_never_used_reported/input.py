import asyncio


async def job():
    await asyncio.sleep(0)


async def main():
    task = asyncio.create_task(job())
    print("started")


async def in_loop(n):
    for _ in range(n):
        pending = asyncio.ensure_future(job())


def from_sync(loop):
    task: asyncio.Task = loop.create_task(job())


async def with_running_loop():
    loop = asyncio.get_running_loop()
    started = loop.create_task(job())


background = asyncio.get_event_loop().create_task(job())
