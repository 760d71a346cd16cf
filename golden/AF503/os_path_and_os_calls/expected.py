import os
import asyncio


async def cleanup(path):
    if await asyncio.to_thread(os.path.exists, path) and await asyncio.to_thread(os.path.getsize, path) > 0:
        await asyncio.to_thread(os.remove, path)
    await asyncio.to_thread(os.makedirs, "out", exist_ok=True)
    return await asyncio.to_thread(os.listdir, "out")
