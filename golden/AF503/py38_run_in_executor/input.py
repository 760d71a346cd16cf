import os


async def cleanup(path):
    os.remove(path)
    return os.listdir()
