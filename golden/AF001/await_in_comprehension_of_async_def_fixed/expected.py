import asyncio


async def f(xs):
    ys = [await x for x in xs]
    await asyncio.sleep(1)
    return ys
