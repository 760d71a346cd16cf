import asyncio as aio
import subprocess


async def build(cmd):
    await aio.to_thread(subprocess.check_call, cmd)
    await aio.sleep(0)
