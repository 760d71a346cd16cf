import asyncio


async def step(lock, ready, uid):
    await lock.acquire()
    await ready.wait()
    await asyncio.wait_for(ping(uid), 1)
