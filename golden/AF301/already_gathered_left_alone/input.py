import asyncio


async def page(uid):
    await asyncio.gather(warm_a(), warm_b())
    await warm_c()
