import asyncio
import pathlib
class A:
    async def save(self, s):
        await asyncio.to_thread(pathlib.Path(self.path).write_bytes, s)


class B:
    async def peek(self):
        return await asyncio.to_thread(pathlib.Path(self.path).read_bytes)
