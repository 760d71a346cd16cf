import os

import trio
import functools


async def cleanup(path):
    await trio.to_thread.run_sync(functools.partial(os.unlink, path))
