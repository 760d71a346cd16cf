import asyncio


async def worker(n):
    await asyncio.sleep(0)


class Service:
    def __init__(self):
        self._loop = asyncio.get_event_loop()

    async def start(self):
        self._loop.create_task(worker(1))
        asyncio.get_event_loop().create_task(worker(2))
        event_loop = asyncio.get_running_loop()
        event_loop.create_task(worker(3))
