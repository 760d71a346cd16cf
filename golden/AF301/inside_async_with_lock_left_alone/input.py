import asyncio

lock = asyncio.Lock()


async def transfer(a, b):
    async with lock:
        await withdraw(a)
        await deposit(b)
