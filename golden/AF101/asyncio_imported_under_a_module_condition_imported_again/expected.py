import sys
import asyncio

if sys.platform == "win32":
    import asyncio
else:
    import uvloop as loop_impl


async def tick():
    await asyncio.sleep(1)
