import time


class Store:
    def flush(self):
        time.sleep(1)

    async def close(self):
        self.flush()
