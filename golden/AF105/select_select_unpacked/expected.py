import select
import asyncio


async def wait_readable(socks):
    readable, _, _ = await asyncio.to_thread(select.select, socks, [], [], 1.0)
    return readable
