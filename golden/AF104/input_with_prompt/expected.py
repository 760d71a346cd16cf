import sys
import asyncio


async def ask():
    name = await asyncio.to_thread(input, "name? ")
    return name
