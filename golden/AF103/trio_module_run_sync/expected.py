import subprocess

import trio
import functools


async def build(cmd):
    await trio.to_thread.run_sync(functools.partial(subprocess.run, cmd, check=True))
    await trio.sleep(0)
