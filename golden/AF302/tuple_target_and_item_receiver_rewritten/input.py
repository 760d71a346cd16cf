import asyncio


async def load_all(pairs):
    loaded = []
    for item, opts in pairs.items():
        loaded.append(await item.load(opts))
    return loaded
