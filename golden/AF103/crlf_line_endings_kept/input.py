import subprocess


async def build(cmd):
    subprocess.run(
        cmd,
    )
