import subprocess


async def tail(path):
    proc = subprocess.Popen(["tail", "-f", path], stdout=subprocess.PIPE)
    return proc
