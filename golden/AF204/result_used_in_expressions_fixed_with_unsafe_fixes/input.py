import asyncio


async def count():
    return [3, 4]


async def main():
    print(asyncio.run(count()))
    first = asyncio.run(count())[0]
    total = len(asyncio.run(count())) ** 2
    return first, total
