import asyncio


class Cache:
    async def load(self, key):
        return key

    async def warm(self):
        entry = self.load("a")
        pause = asyncio.sleep(0)
        print("warmed")
