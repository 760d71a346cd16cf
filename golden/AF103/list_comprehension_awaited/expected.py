import subprocess
import asyncio


async def run_all(cmds):
    return [await asyncio.to_thread(subprocess.call, c) for c in cmds]
