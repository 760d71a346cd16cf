import asyncio
import time


class Counter:
    async def bump(self, wait):
        n = self.count
        if wait:
            await asyncio.sleep(0)
        time.sleep(0.1)
        self.count = n + 1
