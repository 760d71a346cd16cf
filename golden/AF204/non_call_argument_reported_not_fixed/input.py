import asyncio


async def refresh():
    return 1


async def main():
    coro = refresh()
    asyncio.run(coro)
    asyncio.run(refresh(), debug=True)
