async def maybe(path, cached):
    data = cached if cached else open(path).read()
    return data
