async def fetch(n):
    return n
