import asyncio


async def confirm():
    return input("proceed? [y/N] ").strip().lower() == "y"
