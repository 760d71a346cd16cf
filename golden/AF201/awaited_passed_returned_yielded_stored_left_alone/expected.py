import asyncio


async def fetch(n):
    await asyncio.sleep(0)
    return n


async def awaited():
    await fetch(1)
    value = await fetch(2)
    return value


async def passed_on():
    await asyncio.gather(fetch(1), fetch(2))
    task = asyncio.create_task(fetch(3))
    await asyncio.wait_for(fetch(4), timeout=1)
    await task


def returned():
    return fetch(5)


async def yielded():
    yield fetch(6)


async def stored():
    tasks = []
    tasks.append(fetch(7))
    tasks += [fetch(8)]
    pending = {"a": fetch(9)}
    await asyncio.gather(*tasks, *pending.values())


async def lambdas():
    make = lambda: fetch(10)
    await make()
