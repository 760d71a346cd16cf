import subprocess
import asyncio


async def run(*args, **kwargs):
    result = await asyncio.to_thread(subprocess.run, *args, capture_output=True, **kwargs)
    return result.returncode
