import asyncio


async def warm_up():
    await asyncio.gather(warm_cache(), warm_templates())
    print("ready")
