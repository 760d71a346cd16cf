import os
import subprocess


async def build(d):
    os.chdir(d)
    subprocess.run(["make"])


async def job(name):
    os.environ["JOB"] = name
    subprocess.run(["sh", "-c", "echo $JOB"])


async def plain():
    subprocess.run(["ls"])
