import asyncio
import os


async def clean():
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, lambda: os.system("make clean"))
