import os

import trio


async def cleanup(path):
    os.unlink(path)
