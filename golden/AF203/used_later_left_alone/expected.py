import asyncio


async def fetch_user(uid):
    return {"id": uid}


async def awaited_later():
    pending = fetch_user(1)
    print("meanwhile")
    return await pending


async def returned():
    coro = fetch_user(2)
    return coro


async def passed_on():
    coro = fetch_user(3)
    await asyncio.wait_for(coro, timeout=1)


async def stored(jobs):
    coro = fetch_user(4)
    jobs.append(coro)


async def closure():
    coro = fetch_user(5)

    async def later():
        await coro
    return later


def sync_function():
    coro = fetch_user(6)


x = fetch_user(7)
