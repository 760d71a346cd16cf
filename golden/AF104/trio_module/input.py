import trio


async def ask():
    return input("name? ")
