import asyncio as aio


async def main():
    await aio.sleep(1)
