import asyncio


async def ask(field):
    value = input(f"{field}: ")
    print(f"got {input('again: ')}")
    return value
