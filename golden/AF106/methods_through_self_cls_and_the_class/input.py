import time


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
        self.pause()
        self.settle()
        self.quick(1)

    @classmethod
    async def start(cls):
        cls.settle()
        Poller.settle()
