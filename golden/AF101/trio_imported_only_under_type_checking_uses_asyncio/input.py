import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import trio


async def poll(events: "trio.MemoryReceiveChannel"):
    time.sleep(0.5)
    return await events.receive()
