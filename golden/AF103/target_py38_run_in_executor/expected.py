import os
import subprocess
import asyncio
import functools


async def build(cmd):
    await asyncio.get_running_loop().run_in_executor(None, functools.partial(subprocess.run, cmd, check=True))
    pid, status = await asyncio.get_running_loop().run_in_executor(None, os.wait)
    return status
