import asyncio


async def ask():
    def read():
        return input("name? ")

    return await asyncio.to_thread(read)
