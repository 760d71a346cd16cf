import subprocess as sp


async def run(cmd):
    return sp.call(cmd, shell=False)
