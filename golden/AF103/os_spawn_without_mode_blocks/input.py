import os
from os import P_WAIT


async def start(argv, *rest):
    os.spawnv(*rest)
    os.spawnv(P_WAIT, argv[0], argv)
