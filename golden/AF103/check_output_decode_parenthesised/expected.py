import subprocess
import asyncio


async def version(cmd):
    out = (await asyncio.to_thread(subprocess.check_output, cmd)).decode()
    return out.strip()
