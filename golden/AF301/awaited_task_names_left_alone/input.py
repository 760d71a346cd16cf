import asyncio


async def both(t1, t2):
    a = await t1
    b = await t2
    return a, b
