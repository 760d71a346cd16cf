import subprocess
import asyncio


async def build(cmd):
    await asyncio.to_thread(subprocess.run,
        cmd,
    )
