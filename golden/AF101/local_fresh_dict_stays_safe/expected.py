import asyncio

cache = {}


async def get(k, seen):
    c = {}
    if k not in c:
        await asyncio.sleep(0.01)
        c[k] = object()
    if k not in seen:
        await asyncio.sleep(0.01)
        seen[k] = c[k]
    return c[k]


async def total():
    n = len(cache)
    rows = list(cache)
    await asyncio.sleep(0.01)
    rows.append(n)
    return rows
