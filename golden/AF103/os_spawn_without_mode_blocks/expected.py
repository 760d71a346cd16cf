import os
from os import P_WAIT
import asyncio


async def start(argv, *rest):
    await asyncio.to_thread(os.spawnv, *rest)
    await asyncio.to_thread(os.spawnv, P_WAIT, argv[0], argv)
