async def leak(path):
    f = open(path)
    return f.read()
