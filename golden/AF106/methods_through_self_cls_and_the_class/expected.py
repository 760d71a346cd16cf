import time
import asyncio


class Poller:
    def __init__(self, delay):
        self.delay = delay

    def pause(self):
        time.sleep(self.delay)

    @classmethod
    def settle(cls):
        time.sleep(1)

    @staticmethod
    def quick(x):
        return x

    async def run(self):
        await asyncio.to_thread(self.pause)
        await asyncio.to_thread(self.settle)
        self.quick(1)

    @classmethod
    async def start(cls):
        await asyncio.to_thread(cls.settle)
        await asyncio.to_thread(Poller.settle)
