import asyncio


async def drain(q, n):
    items = []
    for _ in range(n):
        items.append(await q.get())
    return items
