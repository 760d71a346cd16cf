import asyncio


async def latest():
    value = await read_primary()
    value = await read_replica()
    return value
