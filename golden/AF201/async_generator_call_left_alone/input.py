async def ticks(n):
    for i in range(n):
        yield i


class Feed:
    async def items(self):
        yield "a"

    async def drain(self):
        self.items()


async def main():
    ticks(3)
