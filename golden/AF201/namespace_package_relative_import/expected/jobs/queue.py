async def push(item):
    return item
