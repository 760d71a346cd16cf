import asyncio


async def warm_up():
    await warm_cache()
    await warm_templates()
    print("ready")
