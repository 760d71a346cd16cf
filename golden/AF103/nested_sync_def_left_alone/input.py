import asyncio
import subprocess


async def build(cmd):
    def work():
        return subprocess.run(cmd, check=True)

    return await asyncio.to_thread(work)
