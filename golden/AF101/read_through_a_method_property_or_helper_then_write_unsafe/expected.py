import time
import asyncio

SEEN = set()


def seen(x):
    return x in SEEN


def shout(x):
    return x.upper()


class Queue:
    def __init__(self):
        self.items = []

    def full(self):
        return len(self.items) >= 3

    @property
    def empty(self):
        return not self.items

    def label(self):
        return "queue"

    async def add(self, x):
        if not self.full():
            time.sleep(0.001)
            self.items.append(x)

    async def add_unless_empty(self, x):
        if not self.empty:
            time.sleep(0.001)
            self.items.append(x)

    async def log(self, x):
        name = self.label()
        await asyncio.sleep(0.001)
        self.items.append(name)


async def once(x):
    if seen(x):
        return
    time.sleep(0.001)
    SEEN.add(x)


async def loud(x):
    y = shout(x)
    await asyncio.sleep(0.001)
    SEEN.add(y)
