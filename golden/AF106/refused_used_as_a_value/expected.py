import time
import asyncio


def settle():
    time.sleep(1)


HOOKS = {"settle": settle}


async def main():
    await asyncio.to_thread(settle)
