"""A poller."""
from __future__ import annotations
import asyncio


async def main(delay: float) -> None:
    await asyncio.sleep(delay)
