import asyncio
import time


async def fetch_all():
    async with asyncio.timeout(0.05):
        time.sleep(0.03)
        print("after")


async def plain():
    time.sleep(0.01)
