import asyncio


class Poller:
    async def poll(self, interval):
        while True:
            await asyncio.sleep(interval * 2)  # back off
