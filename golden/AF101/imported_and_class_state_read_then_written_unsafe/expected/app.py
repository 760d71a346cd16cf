import asyncio
import time

import state
from state import counter


class Stats:
    n = 0


async def hit():
    v = counter["n"]
    time.sleep(0.01)
    counter["n"] = v + 1


async def hit_module(k):
    v = state.totals.get(k, 0)
    time.sleep(0.01)
    state.totals[k] = v + 1


async def hit_cls():
    v = Stats.n
    time.sleep(0.01)
    Stats.n = v + 1


async def read_only():
    v = state.totals.get("a")
    await asyncio.sleep(0.01)
    return v, state.totals.get("a")


async def main():
    await asyncio.gather(*(hit() for _ in range(5)), *(hit_module("a") for _ in range(5)),
                         *(hit_cls() for _ in range(5)))
    print(counter["n"], state.totals["a"], Stats.n)


asyncio.run(main())
