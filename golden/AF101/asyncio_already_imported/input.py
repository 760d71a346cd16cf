import asyncio
import time


async def main():
    time.sleep(1)
    await asyncio.sleep(2)
