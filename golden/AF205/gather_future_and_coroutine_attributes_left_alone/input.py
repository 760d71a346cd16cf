import asyncio


async def fetch(n):
    return n


async def main():
    # gather's future runs without an await: its attributes are its own
    future = asyncio.gather(fetch(1), fetch(2))
    future.add_done_callback(print)
    asyncio.gather(fetch(3)).cancel()
    name = fetch(4).__qualname__
    coro = fetch(5)
    coro.send
    await coro
    return name, await future
