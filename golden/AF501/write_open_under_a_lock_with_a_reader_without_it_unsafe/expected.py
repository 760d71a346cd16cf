import asyncio
import aiofiles


class Store:
    def __init__(self, path):
        self.path = path
        self._lock = asyncio.Lock()

    async def save(self, s):
        async with self._lock:
            with open(self.path, "w") as f:
                f.write(s)

    async def load(self):
        with open(self.path) as f:
            return f.read()

    async def load_locked(self):
        async with self._lock:
            async with aiofiles.open(self.path) as f:
                return await f.read()


class Log:
    def __init__(self, path):
        self.path = path
        self._lock = asyncio.Lock()

    async def save(self, s):
        async with self._lock:
            async with aiofiles.open(self.path, "w") as f:
                await f.write(s)

    async def load(self):
        async with self._lock:
            async with aiofiles.open(self.path) as f:
                return await f.read()
