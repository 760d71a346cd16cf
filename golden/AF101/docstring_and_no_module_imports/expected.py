"""A poller."""
import asyncio


async def main():
    import time

    await asyncio.sleep(1)
