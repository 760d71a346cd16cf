import os
import asyncio


class Poller:
    async def pause(self, n):
        await asyncio.sleep(n)

    async def run(self):
        await self.pause(1)


async def walk(path, depth):
    if depth:
        await walk(path, depth - 1)
    return await asyncio.to_thread(os.listdir, path)


async def handler(message):
    async def query(payload):
        await asyncio.sleep(payload)
        return payload

    await walk(".", 2)
    return await query(message)
