import asyncio
import time


async def main():
    await asyncio.sleep(1)
    await asyncio.sleep(2)
