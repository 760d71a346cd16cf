import asyncio


async def ask(field):
    value = await asyncio.to_thread(input, f"{field}: ")
    print(f"got {await asyncio.to_thread(input, 'again: ')}")
    return value
