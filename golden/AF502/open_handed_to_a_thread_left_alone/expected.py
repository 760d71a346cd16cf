import asyncio
import functools

import anyio


async def load(p, loop):
    a = await asyncio.to_thread(open, p)
    b = await loop.run_in_executor(None, open, p)
    c = await asyncio.get_running_loop().run_in_executor(None, functools.partial(open, p, "rb"))
    d = await anyio.to_thread.run_sync(open, p)
    return a, b, c, d
