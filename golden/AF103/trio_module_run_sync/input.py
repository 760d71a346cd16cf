import subprocess

import trio


async def build(cmd):
    subprocess.run(cmd, check=True)
    await trio.sleep(0)
