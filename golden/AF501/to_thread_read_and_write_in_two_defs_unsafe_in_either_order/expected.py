import json


async def writer(d):
    with open("state.json", "w") as f:
        json.dump(d, f)


async def reader():
    with open("state.json") as f:
        return json.load(f)


async def load_cache():
    with open("cache.json") as f:
        return json.load(f)


async def store_cache(d):
    with open("cache.json", "w") as f:
        json.dump(d, f)
