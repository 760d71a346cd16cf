import asyncio


async def warm_up():
    await load_cache()
    await warm_templates()
    print("ready")
