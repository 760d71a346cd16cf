import asyncio

settings = None


async def boot():
    global settings
    settings = await load_settings()
    await open_pool()
