import time


class Poller:
    async def poll(self, interval):
        while True:
            time.sleep(interval * 2)  # back off
