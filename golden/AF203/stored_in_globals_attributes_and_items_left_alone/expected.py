async def fetch(n):
    return n


pending = None
registry = {}


async def to_global():
    global pending
    pending = fetch(1)


class Holder:
    async def to_attribute(self):
        self.coro = fetch(2)


async def to_item():
    registry["job"] = fetch(3)


def outer():
    coro = None

    async def to_nonlocal():
        nonlocal coro
        coro = fetch(4)
    return to_nonlocal
