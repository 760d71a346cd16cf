import subprocess
import asyncio


async def probe():
    status, out = await asyncio.to_thread(subprocess.getstatusoutput, "uname -a")
    user = await asyncio.to_thread(subprocess.getoutput, "whoami")
    return status, out, user
