import os
import asyncio


async def touch(path):
    return await asyncio.to_thread(os.spawnlp, os.P_WAIT, "touch", "touch", path)
