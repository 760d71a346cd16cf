import subprocess

asyncio = "not the module"


async def build(cmd):
    subprocess.run(cmd)
