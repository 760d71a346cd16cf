async def load(path, prefix):
    data = prefix() + open(path).read()
    return data
