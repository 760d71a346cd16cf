import asyncio
import time


async def main():
    await asyncio.to_thread(time.sleep, 1)
