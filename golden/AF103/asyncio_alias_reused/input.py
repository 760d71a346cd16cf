import asyncio as aio
import subprocess


async def build(cmd):
    subprocess.check_call(cmd)
    await aio.sleep(0)
