import asyncio


async def warm_up():
    await load_cache()
    await load_templates()
    print("ready")
