import anyio
import trio


async def main():
    await anyio.sleep(1)
    await trio.lowlevel.checkpoint()


anyio.run(main, backend="trio")
