import os


async def touch(path):
    return os.spawnlp(os.P_WAIT, "touch", "touch", path)
