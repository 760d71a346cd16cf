import os


async def become(path):
    os.spawnl(os.P_OVERLAY, "/usr/bin/touch", "touch", path)


def sync_start(path):
    return os.spawnl(os.P_NOWAIT, "/usr/bin/touch", "touch", path)
