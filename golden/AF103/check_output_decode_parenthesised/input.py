import subprocess


async def version(cmd):
    out = subprocess.check_output(cmd).decode()
    return out.strip()
