import contextlib
import time

CACHE = {}
clock_cm = contextlib.nullcontext()


class Counter:
    def __init__(self, cm):
        self.unlocked = cm
        self.n = 0

    async def bump(self):
        async with self.unlocked:
            v = self.n
            time.sleep(0.001)
            self.n = v + 1


async def fill(k):
    async with clock_cm:
        if k not in CACHE:
            time.sleep(0.001)
            CACHE[k] = len(CACHE)


async def refill(k, blocked):
    async with blocked:
        if k not in CACHE:
            time.sleep(0.001)
            CACHE[k] = len(CACHE)
