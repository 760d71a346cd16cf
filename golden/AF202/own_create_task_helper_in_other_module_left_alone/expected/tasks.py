import asyncio

_running = set()


def create_task(coro):
    task = asyncio.create_task(coro)
    _running.add(task)
    task.add_done_callback(_running.discard)
    return task


def ensure_future(coro):
    return create_task(coro)
