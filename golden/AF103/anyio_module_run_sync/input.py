import os

import anyio


async def clean():
    os.system("make clean")
    await anyio.sleep(0)
