import subprocess


async def run_all(cmds):
    return [subprocess.call(c) for c in cmds]
