import os

import anyio
import functools


async def clean():
    await anyio.to_thread.run_sync(functools.partial(os.system, "make clean"))
    await anyio.sleep(0)
