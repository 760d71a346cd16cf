import time


class Counter:
    total = 0
    stock = 10

    async def add(self):
        n = type(self).total
        time.sleep(0.01)
        type(self).total = n + 1

    async def buy(self):
        if type(self).stock > 0:
            time.sleep(0.01)
            type(self).stock -= 1

    async def report(self):
        time.sleep(0.01)
        return type(self).total
