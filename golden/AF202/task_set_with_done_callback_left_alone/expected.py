import asyncio

background_tasks = set()


async def some_coro(param):
    await asyncio.sleep(0)


async def main():
    for i in range(10):
        task = asyncio.create_task(some_coro(param=i))
        # a strong reference, dropped once the task is done
        background_tasks.add(task)
        task.add_done_callback(background_tasks.discard)
    tasks = [asyncio.ensure_future(some_coro(i)) for i in range(3)]
    pending = {}
    pending["late"] = asyncio.create_task(some_coro(99))
    await asyncio.gather(*tasks, *pending.values())
