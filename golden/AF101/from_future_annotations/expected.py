"""A poller."""
from __future__ import annotations
import asyncio


async def main(delay: float) -> None:
    from time import sleep

    await asyncio.sleep(delay)
