import asyncio


async def warm_up():
    await asyncio.gather(load_cache(), warm_templates())
    print("ready")
