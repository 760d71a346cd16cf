async def tick():
    import asyncio
    await asyncio.sleep(1)
    await asyncio.sleep(0)
