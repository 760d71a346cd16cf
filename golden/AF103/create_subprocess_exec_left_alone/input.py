import asyncio
import subprocess


async def build(cmd):
    proc = await asyncio.create_subprocess_exec(*cmd, stdout=subprocess.PIPE)
    out, _ = await proc.communicate()
    return out
