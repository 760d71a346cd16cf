import asyncio


async def warm_up():
    await asyncio.gather(load_cache(), load_templates())
    print("ready")
