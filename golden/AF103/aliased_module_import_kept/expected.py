import subprocess as sp
import asyncio


async def run(cmd):
    return await asyncio.to_thread(sp.call, cmd, shell=False)
