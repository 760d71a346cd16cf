import subprocess


async def all_ok(cmds):
    return all(subprocess.call(c) == 0 for c in cmds)
