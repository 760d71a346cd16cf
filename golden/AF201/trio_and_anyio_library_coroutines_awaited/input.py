import anyio
import trio


async def trio_side(path):
    trio.lowlevel.checkpoint()
    trio.sleep_until(trio.current_time() + 1)
    trio.aclose_forcefully(path)


async def anyio_side(stream):
    anyio.lowlevel.checkpoint()
    anyio.aclose_forcefully(stream)
    anyio.sleep_until(5)
