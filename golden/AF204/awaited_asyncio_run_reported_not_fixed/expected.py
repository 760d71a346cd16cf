import asyncio


async def job():
    return 1


async def main():
    x = await asyncio.run(job())
    y = await (asyncio.run(job()))
    return x, y
