import asyncio
import os


async def cleanup(path):
    await asyncio.to_thread(os.remove, path)
    return os.path.join("a", path)
