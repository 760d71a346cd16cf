import asyncio


async def confirm():
    return (await asyncio.to_thread(input, "proceed? [y/N] ")).strip().lower() == "y"
