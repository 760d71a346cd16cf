import os

TOTAL = 0
counts = {}


class Sizes:
    async def add(self, path):
        self.total += os.path.getsize(path)


async def add_global(path):
    global TOTAL
    TOTAL += os.path.getsize(path)


async def add_item(path):
    counts["bytes"] += os.path.getsize(path)


async def add_local(paths):
    total = 0
    for p in paths:
        total += os.path.getsize(p)
    return total
