import os


async def clean():
    rc = os.system("rm -rf build")
    if os.system("make") != 0:
        raise RuntimeError(rc)
