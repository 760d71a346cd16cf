import asyncio as aio
import time


async def main():
    time.sleep(1)
