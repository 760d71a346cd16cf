async def load(key):
    return key
