import os


async def launch(path, argv, env):
    pid = os.posix_spawn(path, argv, env)
    return os.posix_spawnp(argv[0], argv, env) or pid
