import time
import asyncio


def settle():
    time.sleep(1)


async def main():
    await asyncio.to_thread(settle)


async def other():
    settle()  # noqa: AF106
