import trio
import functools


async def ask():
    return await trio.to_thread.run_sync(functools.partial(input, "name? "))
