import time
from typing import TypeVarTuple

Ts = TypeVarTuple("Ts")


async def first(*args: *Ts):
    time.sleep(0.1)
    return args[0]
