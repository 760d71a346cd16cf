import os
from os import P_NOWAITO, spawnv


async def start(path, mode):
    pid = os.spawnlp(os.P_NOWAIT, "touch", "touch", path)
    other = spawnv(P_NOWAITO, "/usr/bin/touch", ["touch", path])
    detached = os.spawnv(mode=os.P_DETACH, path="/usr/bin/touch", args=["touch", path])
    unknown = os.spawnl(mode, "/usr/bin/touch", "touch", path)
    return pid, other, detached, unknown
