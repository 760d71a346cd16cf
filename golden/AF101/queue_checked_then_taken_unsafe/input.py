import asyncio
import time

q = asyncio.Queue()


async def take():
    if not q.empty():
        time.sleep(0.01)
        return q.get_nowait()
    return None
