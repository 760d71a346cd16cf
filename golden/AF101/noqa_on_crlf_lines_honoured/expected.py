import time
import asyncio


async def main():
    time.sleep(1)  # noqa: AF101
    time.sleep(2)  # noqa
    await asyncio.sleep(3)  # noqa: AF201
