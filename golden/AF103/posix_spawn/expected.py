import os
import asyncio


async def launch(path, argv, env):
    pid = await asyncio.to_thread(os.posix_spawn, path, argv, env)
    return await asyncio.to_thread(os.posix_spawnp, argv[0], argv, env) or pid
