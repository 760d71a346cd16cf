"""A poller."""
from __future__ import annotations


async def main(delay: float) -> None:
    from time import sleep

    sleep(delay)
