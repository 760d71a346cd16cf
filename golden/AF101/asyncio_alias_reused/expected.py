import asyncio as aio
import time


async def main():
    await aio.sleep(1)
