import os


async def listing():
    return os.popen("ls").read()
