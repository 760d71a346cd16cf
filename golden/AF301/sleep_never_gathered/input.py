import asyncio


async def retry(uid):
    await asyncio.sleep(1)
    await ping(uid)
