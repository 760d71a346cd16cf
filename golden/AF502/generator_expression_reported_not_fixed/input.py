async def total(paths):
    return sum(len(open(p).read()) for p in paths)
