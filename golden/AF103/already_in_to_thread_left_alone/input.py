import asyncio
import functools
import subprocess


async def build(cmd):
    await asyncio.to_thread(subprocess.run, cmd, check=True)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, functools.partial(subprocess.check_call, cmd))
    await loop.run_in_executor(None, subprocess.getoutput, "ls")
