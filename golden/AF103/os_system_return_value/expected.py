import os
import asyncio


async def clean():
    rc = await asyncio.to_thread(os.system, "rm -rf build")
    if await asyncio.to_thread(os.system, "make") != 0:
        raise RuntimeError(rc)
