import asyncio


async def chain(u):
    v = await step_a(u)
    v2 = await step_b(v)
    v3 = await step_c(u)
    v4 = await step_d(v2)
    v5 = await step_e(u)
    return v3, v4, v5
