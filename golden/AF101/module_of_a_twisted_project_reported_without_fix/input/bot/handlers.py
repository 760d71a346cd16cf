import time


async def on_tick():
    # this module imports no framework, but Twisted's reactor runs it
    # (bot/main.py): asyncio.sleep would find no running asyncio loop
    time.sleep(0.1)
    return 1
