import time


async def tick(fast):
    if fast:
        import asyncio
    time.sleep(1)
