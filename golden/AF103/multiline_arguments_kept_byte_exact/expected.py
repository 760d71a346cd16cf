import subprocess
import asyncio


async def build(env):
    proc = await asyncio.to_thread(subprocess.run,
        ["make",  "-j4"],   # parallel build
        env=env,
        check=True,
    )
    return proc
