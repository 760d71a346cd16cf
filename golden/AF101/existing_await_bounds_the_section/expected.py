import asyncio


class Counter:
    async def bump(self):
        n = self.count
        self.count = n + 1
        await asyncio.sleep(0)
        await asyncio.sleep(0.1)
        return self.count
