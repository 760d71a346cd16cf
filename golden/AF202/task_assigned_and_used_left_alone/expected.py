import asyncio

background_tasks = set()
current = None


async def job():
    await asyncio.sleep(0)


async def awaited():
    task = asyncio.create_task(job())
    await task


async def kept_in_set():
    task = asyncio.create_task(job())
    background_tasks.add(task)
    task.add_done_callback(background_tasks.discard)


async def either_branch(flag):
    # the same name in both branches, used once after them
    if flag:
        task = asyncio.create_task(job())
    else:
        task = None
    await asyncio.sleep(0)
    if task:
        await task


async def to_global():
    global current
    current = asyncio.create_task(job())


def outer():
    task = None

    async def start():
        nonlocal task
        task = asyncio.create_task(job())
    return start


async def stored_elsewhere(holder):
    holder.task = asyncio.create_task(job())
    tasks = [asyncio.create_task(job()) for _ in range(2)]
    await asyncio.gather(*tasks)


module_task = asyncio.get_event_loop().create_task(job())


def use_module_task():
    return module_task
