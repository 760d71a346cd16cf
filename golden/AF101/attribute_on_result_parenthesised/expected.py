import asyncio


async def main():
    n = (await asyncio.sleep(1)).bit_length()
