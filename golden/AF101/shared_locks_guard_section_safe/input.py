import asyncio
import time
from collections import defaultdict

CACHE = {}
KEY_CACHE = {}
KEY_LOCKS = defaultdict(asyncio.Lock)
SEEN = {}


class Counter:
    def __init__(self):
        self.guard = asyncio.Lock()
        self.n = 0
        self.rows = 0

    async def bump(self):
        async with self.guard:
            v = self.n
            time.sleep(0.001)
            self.n = v + 1

    async def add_row(self):
        async with self._db_lock:
            v = self.rows
            time.sleep(0.001)
            self.rows = v + 1


async def fill(k, lock):
    async with lock:
        if k not in CACHE:
            time.sleep(0.001)
            CACHE[k] = len(CACHE)


async def fill_key(k):
    mutex = KEY_LOCKS[k]
    async with mutex:
        if k not in KEY_CACHE:
            time.sleep(0.001)
            KEY_CACHE[k] = len(KEY_CACHE)


async def main(keys):
    shared = asyncio.Lock()

    async def worker(k):
        async with shared:
            if k not in SEEN:
                time.sleep(0.001)
                SEEN[k] = len(SEEN)

    await asyncio.gather(*(worker(k) for k in keys))


async def flush(self):
    async with self._lock:
        v = self.pending
        time.sleep(0.001)
        self.pending = v + 1
