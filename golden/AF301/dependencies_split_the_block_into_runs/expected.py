import asyncio


async def chain(u):
    v = await step_a(u)
    v2, v3 = await asyncio.gather(step_b(v), step_c(u))
    v4, v5 = await asyncio.gather(step_d(v2), step_e(u))
    return v3, v4, v5
