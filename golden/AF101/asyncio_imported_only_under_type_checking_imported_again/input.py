from __future__ import annotations

from typing import TYPE_CHECKING
import time

if TYPE_CHECKING:
    import asyncio


async def poll(ready: asyncio.Event) -> None:
    while not ready.is_set():
        time.sleep(0.1)
