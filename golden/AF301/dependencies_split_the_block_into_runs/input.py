import asyncio


async def chain(u):
    v = await fetch_a(u)
    v2 = await fetch_b(v)
    v3 = await fetch_c(u)
    v4 = await fetch_d(v2)
    v5 = await fetch_e(u)
    return v3, v4, v5
