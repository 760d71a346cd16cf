import asyncio


async def chain(u):
    v = await fetch_a(u)
    v2, v3 = await asyncio.gather(fetch_b(v), fetch_c(u))
    v4, v5 = await asyncio.gather(fetch_d(v2), fetch_e(u))
    return v3, v4, v5
