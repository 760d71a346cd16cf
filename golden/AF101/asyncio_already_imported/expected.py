import asyncio


async def main():
    await asyncio.sleep(1)
    await asyncio.sleep(2)
