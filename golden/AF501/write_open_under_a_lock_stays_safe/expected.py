import asyncio
import json
import aiofiles


class Store:
    def __init__(self, path):
        self.path = path
        self._lock = asyncio.Lock()

    async def save(self, data):
        async with self._lock:
            async with aiofiles.open(self.path, "w") as f:
                await f.write(json.dumps(data))
