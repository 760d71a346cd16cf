from typing import TYPE_CHECKING
import asyncio

if TYPE_CHECKING:
    import trio


async def poll(events: "trio.MemoryReceiveChannel"):
    await asyncio.sleep(0.5)
    return await events.receive()
