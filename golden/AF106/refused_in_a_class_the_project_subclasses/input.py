import time


class Poller:
    def pause(self):
        time.sleep(1)

    async def run(self):
        self.pause()


class FastPoller(Poller):
    def pause(self):
        pass
