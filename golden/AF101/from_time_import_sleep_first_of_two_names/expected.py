from time import monotonic
import asyncio


async def wait_a_second():
    start = monotonic()
    await asyncio.sleep(1)
    return monotonic() - start
