async def both(a, b):
    return open(a).read() + open(b).read()
