import subprocess
import asyncio


async def build():
    await asyncio.to_thread(subprocess.run, ["make", "all"], check=True)
    print("built")
