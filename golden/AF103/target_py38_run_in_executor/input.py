import os
import subprocess


async def build(cmd):
    subprocess.run(cmd, check=True)
    pid, status = os.wait()
    return status
