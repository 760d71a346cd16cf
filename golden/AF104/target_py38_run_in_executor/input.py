import asyncio


async def ask():
    first = input()
    last = input("last name? ")
    return first, last
