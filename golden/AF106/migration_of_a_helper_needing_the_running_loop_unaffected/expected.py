import asyncio
import aiofiles


async def load(path):
    loop = asyncio.get_running_loop()
    async with aiofiles.open(path, encoding="utf-8") as f:
        return loop.time(), await f.read()


async def main(path):
    started, text = await load(path)
    return started, text
