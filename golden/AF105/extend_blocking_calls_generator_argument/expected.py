import mylib
import asyncio


async def main(items):
    return await asyncio.to_thread(mylib.process, (x * 2 for x in items))
