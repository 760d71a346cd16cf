import time
import asyncio


class Store:
    def flush(self):
        time.sleep(1)

    async def close(self):
        await asyncio.to_thread(self.flush)
