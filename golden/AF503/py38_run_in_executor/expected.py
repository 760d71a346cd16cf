import os
import asyncio
import functools


async def cleanup(path):
    await asyncio.get_running_loop().run_in_executor(None, functools.partial(os.remove, path))
    return await asyncio.get_running_loop().run_in_executor(None, os.listdir)
