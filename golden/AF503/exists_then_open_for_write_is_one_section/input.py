import os


async def claim(p):
    if not os.path.exists(p):
        with open(p, "w") as f:
            f.write(str(os.getpid()))
        return True
    return False
