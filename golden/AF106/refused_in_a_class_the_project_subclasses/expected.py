import time
import asyncio


class Poller:
    def pause(self):
        time.sleep(1)

    async def run(self):
        await asyncio.to_thread(self.pause)


class FastPoller(Poller):
    def pause(self):
        pass
