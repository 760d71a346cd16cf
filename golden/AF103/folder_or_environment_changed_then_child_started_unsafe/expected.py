import os
import subprocess
import asyncio


async def build(d):
    os.chdir(d)
    subprocess.run(["make"])


async def job(name):
    os.environ["JOB"] = name
    subprocess.run(["sh", "-c", "echo $JOB"])


async def plain():
    await asyncio.to_thread(subprocess.run, ["ls"])
