import asyncio


async def main(delays):
    return [await asyncio.sleep(d) for d in delays]
