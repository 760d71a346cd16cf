import subprocess


async def probe():
    status, out = subprocess.getstatusoutput("uname -a")
    user = subprocess.getoutput("whoami")
    return status, out, user
