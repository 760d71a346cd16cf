async def opener(path):
    with open(path) as f:
        return f
