import sys
import time

if sys.platform == "win32":
    import asyncio
else:
    import uvloop as loop_impl


async def tick():
    time.sleep(1)
