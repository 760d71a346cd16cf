import asyncio


class Cache:
    async def load(self, key):
        return key

    async def warm(self):
        entry = await self.load("a")
        pause = await asyncio.sleep(0)
        print("warmed")
