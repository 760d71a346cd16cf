import time

from .. import sleep
import trio


async def test_clock_moves():
    # a module of the trio package (its imports are relative): trio runs it,
    # so asyncio.sleep would fail there ("no running event loop")
    t1 = time.monotonic()
    await trio.sleep(0.01)
    await sleep(0)
    assert time.monotonic() > t1
