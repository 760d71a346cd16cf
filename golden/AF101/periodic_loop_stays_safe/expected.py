import asyncio


class Poller:
    async def run(self):
        while self.running:
            n = self.ticks
            self.ticks = n + 1
            await asyncio.sleep(1)
