import asyncio
import json


class Store:
    def __init__(self, path):
        self.path = path
        self._lock = asyncio.Lock()

    async def save(self, data):
        async with self._lock:
            with open(self.path, "w") as f:
                json.dump(data, f)
