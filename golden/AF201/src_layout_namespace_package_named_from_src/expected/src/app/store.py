async def fetch(key):
    return key
