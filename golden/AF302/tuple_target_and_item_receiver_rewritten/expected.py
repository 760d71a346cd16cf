import asyncio


async def load_all(pairs):
    loaded = await asyncio.gather(*(item.load(opts) for item, opts in pairs.items()))
    return loaded
