import time

import anyio
import trio


async def main():
    time.sleep(1)
    await trio.lowlevel.checkpoint()


anyio.run(main, backend="trio")
