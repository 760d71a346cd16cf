"""A poller.

It polls.
"""

import time
import asyncio


async def main():
    await asyncio.sleep(1)
