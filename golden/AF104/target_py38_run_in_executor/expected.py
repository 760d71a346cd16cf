import asyncio
import functools


async def ask():
    first = await asyncio.get_running_loop().run_in_executor(None, input)
    last = await asyncio.get_running_loop().run_in_executor(None, functools.partial(input, "last name? "))
    return first, last
