from typing import TypeVarTuple
import asyncio

Ts = TypeVarTuple("Ts")


async def first(*args: *Ts):
    await asyncio.sleep(0.1)
    return args[0]
