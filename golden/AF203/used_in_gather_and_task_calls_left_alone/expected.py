import asyncio


async def fetch(n):
    return n


async def gathered():
    first = fetch(1)
    second = fetch(2)
    return await asyncio.gather(first, second)


async def scheduled():
    coro = fetch(3)
    task = asyncio.create_task(coro)
    await task


async def in_a_list():
    coro = fetch(4)
    jobs = [coro]
    await asyncio.wait([asyncio.ensure_future(j) for j in jobs])


async def yielded():
    coro = fetch(5)
    yield coro
