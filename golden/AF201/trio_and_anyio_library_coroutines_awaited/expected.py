import anyio
import trio


async def trio_side(path):
    await trio.lowlevel.checkpoint()
    await trio.sleep_until(trio.current_time() + 1)
    await trio.aclose_forcefully(path)


async def anyio_side(stream):
    await anyio.lowlevel.checkpoint()
    await anyio.aclose_forcefully(stream)
    await anyio.sleep_until(5)
